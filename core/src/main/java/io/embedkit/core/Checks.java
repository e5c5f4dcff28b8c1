package io.embedkit.core;

import java.util.Map;

/** Argument checks shared by indexes and stores, so every module words its errors the same way. */
public final class Checks {
  private Checks() {}

  /**
   * Checks an item id.
   *
   * @param id the id
   * @return the id
   * @throws InvalidInputException if it is null or blank
   */
  public static String id(String id) {
    if (id == null) {
      throw new InvalidInputException("id must not be null");
    }
    if (id.isBlank()) {
      throw new InvalidInputException("id must not be blank, was '" + id + "'");
    }
    return id;
  }

  /**
   * The largest vector dimension embedkit handles: every index, vector file reader and encoder refuses more,
   * so that nothing is written that cannot be read back. Embedding models stay far below it (4,096 at most
   * among common ones).
   */
  public static final int MAX_DIMENSION = 16_384;

  /**
   * Checks a vector dimension.
   *
   * @param dimension the dimension
   * @param what what has it, for the message, e.g. {@code "index"}
   * @return {@code dimension}
   * @throws InvalidInputException unless it is between 1 and {@link #MAX_DIMENSION}
   */
  public static int dimension(int dimension, String what) {
    if (dimension <= 0 || dimension > MAX_DIMENSION) {
      throw new InvalidInputException(what + " dimension must be between 1 and " + MAX_DIMENSION + ", was "
          + dimension);
    }
    return dimension;
  }

  /**
   * Checks a result count.
   *
   * @param k the number of hits asked for
   * @return {@code k}
   * @throws InvalidInputException if it is not positive
   */
  public static int k(int k) {
    if (k <= 0) {
      throw new InvalidInputException("k must be positive, was " + k);
    }
    return k;
  }

  /**
   * Checks, converts and copies metadata, as {@link Metadata#of} does.
   *
   * @param id the id it belongs to, for messages
   * @param metadata the metadata
   * @return an immutable copy
   * @throws InvalidInputException if it is null or holds a null key, a null value or an unusable value
   */
  public static Map<String, Object> metadata(String id, Map<String, ?> metadata) {
    return Metadata.of(id, metadata);
  }
}
