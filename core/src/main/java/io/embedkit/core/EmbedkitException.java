package io.embedkit.core;

/** The root of every exception embedkit throws on purpose; its message names the value, id or file at fault. */
public class EmbedkitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the value, id or file at fault
   */
  public EmbedkitException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the value, id or file at fault
   * @param cause the underlying failure
   */
  public EmbedkitException(String message, Throwable cause) {
    super(message, cause);
  }
}
