package io.embedkit.index.hnsw;

import io.embedkit.core.Metric;

/**
 * Scores stored vectors by ordinal, higher meaning closer: the dot product for {@link Metric#DOT} and
 * {@link Metric#COSINE} (vectors are normalised), the negated squared distance for {@link Metric#L2}; on full
 * precision vectors or on their codes. A query is {@link #prepare prepared} once per search. Thread-safe.
 */
abstract class Scorer {
  /** Returns the form of a query the other methods take (the query itself for floats). */
  abstract Object prepare(float[] query);

  /** Scores a stored vector against a prepared query. */
  abstract float score(Object prepared, int ord);

  /** Scores {@code count} nodes against a prepared query into {@code out}. */
  abstract void scoreAll(Object prepared, int[] nodes, int count, float[] out);

  /** Scores two stored vectors against each other. */
  abstract float scoreBetween(int a, int b);
}
