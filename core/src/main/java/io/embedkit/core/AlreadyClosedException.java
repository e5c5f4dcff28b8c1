package io.embedkit.core;

/**
 * Thrown when an encoder, index or store is used after {@code close()}. An {@link IllegalStateException}, as
 * using a closed resource is a programming error rather than bad input.
 */
public class AlreadyClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was closed, e.g. {@code "the encoder is closed"}
   */
  public AlreadyClosedException(String message) {
    super(message);
  }
}
