package io.embedkit.core;

/** Thrown when a remote index (e.g. a Solr collection) cannot be reached or refuses a request. */
public class IndexAccessException extends EmbedkitException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which index, what was attempted and what went wrong
   * @param cause the client's error
   */
  public IndexAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
