package io.embedkit.core;

/**
 * Receives how far a long operation has got, e.g. to drive a progress bar. Called from the working thread,
 * with {@code done} never decreasing; keep it cheap.
 */
@FunctionalInterface
public interface Progress {
  /** Reports nothing. */
  Progress NONE = (done, total) -> {};

  /**
   * Reports progress.
   *
   * @param done how many units are finished
   * @param total how many there are in all
   */
  void update(long done, long total);
}
