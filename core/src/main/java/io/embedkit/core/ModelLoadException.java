package io.embedkit.core;

/** Thrown when a model cannot be found, read or opened; the message lists what was looked for and where. */
public class ModelLoadException extends EmbedkitException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was looked for, where, and what was missing
   */
  public ModelLoadException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was looked for, where, and what was missing
   * @param cause the underlying failure
   */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
