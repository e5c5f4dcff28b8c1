package io.embedkit.spark;

import io.embedkit.core.InvalidInputException;

/** A row that could not be embedded; the message names the row and its input. */
public final class RowEmbeddingException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the row, its input and the fault
   * @param cause the encoder's or decoder's error
   */
  public RowEmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
