package io.embedkit.core;

import java.util.Objects;

/**
 * The space an encoder's vectors live in. Two encoders whose spaces share a name and a dimension produce
 * comparable vectors (e.g. CLIP's text and image towers), so one can query an index filled by the other.
 *
 * @param name identifies the model family, e.g. {@code "all-MiniLM-L6-v2"}
 * @param dimension the vector length, positive
 * @param normalized whether every vector is L2-normalised
 * @param metric the metric the vectors are meant to be compared with
 */
public record EmbeddingSpace(String name, int dimension, boolean normalized, Metric metric) {
  /** Validates the fields. */
  public EmbeddingSpace {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("embedding space name must not be null or blank");
    }
    if (dimension <= 0) {
      throw new InvalidInputException("embedding space dimension must be positive, was " + dimension);
    }
    Objects.requireNonNull(metric, "metric");
  }

  /**
   * Returns whether vectors of {@code other} may be compared with vectors of this space.
   *
   * @param other another space
   * @return true when the names and dimensions are equal
   */
  public boolean isCompatibleWith(EmbeddingSpace other) {
    return other != null && name.equals(other.name) && dimension == other.dimension;
  }

  /**
   * Throws unless {@code other} is {@linkplain #isCompatibleWith compatible} with this space.
   *
   * @param other another space
   * @param role names {@code other} in the message, e.g. {@code "query encoder"}
   * @throws InvalidInputException naming both spaces when they differ
   */
  public void requireCompatible(EmbeddingSpace other, String role) {
    if (!isCompatibleWith(other)) {
      throw new InvalidInputException(
          role + " produces vectors of space " + other + ", which cannot be compared with space " + this);
    }
  }

  @Override
  public String toString() {
    return "'" + name + "' (dimension " + dimension + (normalized ? ", normalized" : "") + ", " + metric + ")";
  }
}
