package io.embedkit.core;

/** Thrown when an argument is unusable: a null or blank id, a NaN component, k not positive, a corrupt image. */
public class InvalidInputException extends EmbedkitException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the input and where
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong with the input and where
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
