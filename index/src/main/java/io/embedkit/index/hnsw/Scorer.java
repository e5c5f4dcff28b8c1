package io.embedkit.index.hnsw;

import io.embedkit.core.Metric;
import io.embedkit.index.vector.Kernels;
import io.embedkit.index.vector.VectorKernels;

/**
 * Scores stored vectors against a query by ordinal, higher meaning closer: the dot product for
 * {@link Metric#DOT} and {@link Metric#COSINE} (vectors are normalised), the negated squared distance for
 * {@link Metric#L2}. Stateless and thread-safe.
 */
final class Scorer {
  private static final VectorKernels K = Kernels.get();

  private final VectorStore store;
  private final boolean l2;
  private final int dim;

  Scorer(VectorStore store, Metric metric) {
    this.store = store;
    this.l2 = metric == Metric.L2;
    this.dim = store.dim;
  }

  float score(float[] query, int ord) {
    float[] slab = store.slab(ord);
    int off = store.offset(ord);
    return l2 ? -K.squaredL2(query, slab, off, dim) : K.dot(query, slab, off, dim);
  }

  /** Scores two stored vectors against each other. */
  float scoreBetween(int a, int b) {
    float[] sa = store.slab(a);
    int oa = store.offset(a);
    float[] sb = store.slab(b);
    int ob = store.offset(b);
    return l2 ? -K.squaredL2(sa, oa, sb, ob, dim) : K.dot(sa, oa, sb, ob, dim);
  }
}
