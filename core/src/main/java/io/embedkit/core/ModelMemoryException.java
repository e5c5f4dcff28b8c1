package io.embedkit.core;

/**
 * Thrown when the model's engine cannot allocate the memory a batch needs (native memory, outside the Java
 * heap). A smaller batch, or shorter inputs (audio windows), needs less.
 */
public class ModelMemoryException extends EmbedkitException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the batch's shape, the memory asked for and what to change
   * @param cause the engine's failure
   */
  public ModelMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
