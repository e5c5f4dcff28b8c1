package io.embedkit.index.hnsw;

import io.embedkit.core.Metric;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;

/** Scores full-precision vectors on the heap: exact. Stateless and thread-safe. */
final class FloatScorer extends Scorer {
  private static final VectorKernels K = Kernels.get();

  private final VectorStore store;
  private final boolean l2;
  private final int dim;

  FloatScorer(VectorStore store, Metric metric) {
    this.store = store;
    this.l2 = metric == Metric.L2;
    this.dim = store.dim;
  }

  @Override
  Object prepare(float[] query) {
    return query;
  }

  @Override
  float score(Object prepared, int ord) {
    float[] query = (float[]) prepared;
    float[] slab = store.slab(ord);
    int off = store.offset(ord);
    return l2 ? -K.squaredL2(query, slab, off, dim) : K.dot(query, slab, off, dim);
  }

  /** Scores {@code count} nodes against a query into {@code out}, four at a time. */
  @Override
  void scoreAll(Object prepared, int[] nodes, int count, float[] out) {
    float[] query = (float[]) prepared;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
      int n0 = nodes[i];
      int n1 = nodes[i + 1];
      int n2 = nodes[i + 2];
      int n3 = nodes[i + 3];
      if (l2) {
        K.squaredL2X4(query, store.slab(n0), store.offset(n0), store.slab(n1), store.offset(n1),
            store.slab(n2), store.offset(n2), store.slab(n3), store.offset(n3), dim, out, i);
        out[i] = -out[i];
        out[i + 1] = -out[i + 1];
        out[i + 2] = -out[i + 2];
        out[i + 3] = -out[i + 3];
      } else {
        K.dotX4(query, store.slab(n0), store.offset(n0), store.slab(n1), store.offset(n1),
            store.slab(n2), store.offset(n2), store.slab(n3), store.offset(n3), dim, out, i);
      }
    }
    for (; i < count; i++) {
      out[i] = score(query, nodes[i]);
    }
  }

  @Override
  float scoreBetween(int a, int b) {
    float[] sa = store.slab(a);
    int oa = store.offset(a);
    float[] sb = store.slab(b);
    int ob = store.offset(b);
    return l2 ? -K.squaredL2(sa, oa, sb, ob, dim) : K.dot(sa, oa, sb, ob, dim);
  }
}
