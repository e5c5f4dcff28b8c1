package io.embedkit.core;

/** Thrown when an index that holds no vectors is searched. */
public class EmptyIndexException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public EmptyIndexException() {
    super("the index is empty: add vectors before searching");
  }
}
