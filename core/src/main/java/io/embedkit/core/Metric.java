package io.embedkit.core;

/**
 * How two vectors are compared. Every metric gives a {@linkplain #score score} where higher means more
 * similar, and a {@linkplain #distance raw distance} in the metric's own units.
 *
 * <p>Prefer {@link #DOT} over {@link #COSINE} when vectors are already L2-normalised (most sentence
 * encoders normalise): the ranking is identical and no norms are computed.
 */
public enum Metric {
  /** Cosine similarity; score is the cosine, distance is {@code 1 - cosine}. Vectors are normalised at insert. */
  COSINE {
    @Override
    public float score(float[] a, float[] b) {
      return Vectors.cosine(a, b);
    }

    @Override
    public float scoreToDistance(float score) {
      return 1f - score;
    }

    @Override
    public float rankingToScore(float ranking) {
      return Math.max(-1f, Math.min(1f, ranking)); // the dot product of unit vectors
    }
  },
  /** Inner product; score is the dot product, distance is its negation. */
  DOT {
    @Override
    public float score(float[] a, float[] b) {
      return Vectors.dot(a, b);
    }

    @Override
    public float scoreToDistance(float score) {
      return -score;
    }
  },
  /** Euclidean distance; distance is {@code sqrt(sum((a-b)^2))}, score is its negation. */
  L2 {
    @Override
    public float score(float[] a, float[] b) {
      return -(float) Math.sqrt(Vectors.squaredL2(a, b));
    }

    @Override
    public float scoreToDistance(float score) {
      return -score;
    }

    @Override
    public float rankingToScore(float ranking) {
      return -(float) Math.sqrt(Math.max(0f, -ranking)); // the negated squared distance
    }
  },
  /** Manhattan distance; distance is {@code sum(|a-b|)}, score is its negation. Flat (exact) search only. */
  L1 {
    @Override
    public float score(float[] a, float[] b) {
      return -Vectors.l1(a, b);
    }

    @Override
    public float scoreToDistance(float score) {
      return -score;
    }
  };

  /**
   * Returns how similar two vectors are; higher is more similar.
   *
   * @param a the first vector
   * @param b the second vector, of the same length
   * @return the similarity score
   */
  public abstract float score(float[] a, float[] b);

  /**
   * Returns the raw distance that corresponds to a score of this metric.
   *
   * @param score a score returned by {@link #score}
   * @return the distance in the metric's own units
   */
  public abstract float scoreToDistance(float score);

  /**
   * Turns the cheap score indexes rank by while searching into this metric's {@link #score}: indexes rank
   * {@link #COSINE} by the dot product of unit vectors, {@link #DOT} by the dot product, {@link #L2} by the
   * negated squared distance and {@link #L1} by the negated distance. Each is monotone in the score, so only
   * the final hits are converted.
   *
   * @param ranking the ranking score
   * @return the score
   */
  public float rankingToScore(float ranking) {
    return ranking;
  }

  /**
   * Returns the raw distance between two vectors.
   *
   * @param a the first vector
   * @param b the second vector, of the same length
   * @return the distance
   */
  public float distance(float[] a, float[] b) {
    return scoreToDistance(score(a, b));
  }

  /**
   * Parses a metric name case-insensitively ({@code cosine}, {@code dot}, {@code l2}, {@code l1}).
   *
   * @param name the name
   * @return the metric
   * @throws InvalidInputException naming the accepted values if the name is unknown
   */
  public static Metric parse(String name) {
    if (name != null) {
      for (Metric m : values()) {
        if (m.name().equalsIgnoreCase(name.trim())) {
          return m;
        }
      }
    }
    throw new InvalidInputException("unknown metric '" + name + "': expected one of cosine, dot, l2, l1");
  }
}
