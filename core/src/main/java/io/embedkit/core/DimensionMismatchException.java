package io.embedkit.core;

/** Thrown when a vector, an encoder or an index has a different dimension than the one it is used with. */
public class DimensionMismatchException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final int expected;
  private final int actual;

  /**
   * Creates the exception.
   *
   * @param what the thing whose dimension is wrong, e.g. {@code "vector for id 'a'"}
   * @param expected the dimension required
   * @param actual the dimension found
   */
  public DimensionMismatchException(String what, int expected, int actual) {
    super(what + " has dimension " + actual + ", expected " + expected);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns the dimension required.
   *
   * @return the expected dimension
   */
  public int expected() {
    return expected;
  }

  /**
   * Returns the dimension found.
   *
   * @return the actual dimension
   */
  public int actual() {
    return actual;
  }
}
