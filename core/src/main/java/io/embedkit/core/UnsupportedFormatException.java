package io.embedkit.core;

/** Thrown when an input file is in a format embedkit cannot decode, e.g. a TIFF image or an Ogg clip. */
public class UnsupportedFormatException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the input, the format found or its first bytes, and the formats accepted
   */
  public UnsupportedFormatException(String message) {
    super(message);
  }
}
