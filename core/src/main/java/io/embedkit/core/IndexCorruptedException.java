package io.embedkit.core;

import java.nio.file.Path;

/**
 * Thrown when an index file is truncated, altered, of another format or of an unsupported version. Loading
 * never returns partial data: either the whole index loads or this is thrown.
 */
public class IndexCorruptedException extends EmbedkitException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the file that failed to load
   * @param problem what was expected and what was found
   */
  public IndexCorruptedException(Path file, String problem) {
    super("index file " + file + ": " + problem);
    this.file = file;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param file the file that failed to load
   * @param problem what was expected and what was found
   * @param cause the underlying failure
   */
  public IndexCorruptedException(Path file, String problem, Throwable cause) {
    super("index file " + file + ": " + problem, cause);
    this.file = file;
  }

  /**
   * Returns the file at fault.
   *
   * @return the file that failed to load
   */
  public Path file() {
    return file;
  }
}
