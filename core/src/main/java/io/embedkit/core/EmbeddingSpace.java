package io.embedkit.core;

import java.util.Objects;

/**
 * The space an encoder's vectors live in. Two spaces are the same when their models are: when both carry a
 * fingerprint (a hash of the weights and of every setting that shapes the vectors), equal fingerprints make
 * them the same space whatever their names, and different fingerprints make them different even with equal
 * names; without fingerprints (vectors and indexes written before fingerprints existed) the names decide.
 * CLIP's text and image towers share one space, so one can query an index filled by the other.
 *
 * @param name identifies the model family, e.g. {@code "all-MiniLM-L6-v2"}
 * @param dimension the vector length, positive
 * @param normalized whether every vector is L2-normalised
 * @param metric the metric the vectors are meant to be compared with
 * @param fingerprint {@code sha256:} and 64 hex digits identifying the model and its settings, or null when
 *     unknown
 */
public record EmbeddingSpace(String name, int dimension, boolean normalized, Metric metric, String fingerprint) {
  /** Validates the fields. */
  public EmbeddingSpace {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("embedding space name must not be null or blank");
    }
    Checks.dimension(dimension, "embedding space");
    Objects.requireNonNull(metric, "metric");
    if (fingerprint != null && fingerprint.isEmpty()) {
      fingerprint = null;
    }
    if (fingerprint != null && !fingerprint.matches("sha256:[0-9a-f]{64}")) {
      throw new InvalidInputException("embedding space fingerprint must be sha256: and 64 hex digits, was '"
          + fingerprint + "'");
    }
  }

  /**
   * A space without a fingerprint, identified by its name.
   *
   * @param name identifies the model family
   * @param dimension the vector length, positive
   * @param normalized whether every vector is L2-normalised
   * @param metric the metric the vectors are meant to be compared with
   */
  public EmbeddingSpace(String name, int dimension, boolean normalized, Metric metric) {
    this(name, dimension, normalized, metric, null);
  }

  /**
   * Returns this space with a fingerprint.
   *
   * @param fingerprint {@code sha256:} and 64 hex digits, or null
   * @return the space
   */
  public EmbeddingSpace withFingerprint(String fingerprint) {
    return new EmbeddingSpace(name, dimension, normalized, metric, fingerprint);
  }

  /**
   * Returns whether vectors of {@code other} may be compared with vectors of this space.
   *
   * @param other another space
   * @return true when the dimensions are equal and the fingerprints are (or, when either has none, the names)
   */
  public boolean isCompatibleWith(EmbeddingSpace other) {
    if (other == null || dimension != other.dimension) {
      return false;
    }
    return fingerprint != null && other.fingerprint != null ? fingerprint.equals(other.fingerprint)
        : name.equals(other.name);
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
    return "'" + name + "' (dimension " + dimension + (normalized ? ", normalized" : "") + ", " + metric
        + (fingerprint == null ? "" : ", model " + fingerprint.substring(0, "sha256:".length() + 12)) + ")";
  }
}
