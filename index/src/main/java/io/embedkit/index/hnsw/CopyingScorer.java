package io.embedkit.index.hnsw;

import io.embedkit.core.Metric;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;

/**
 * Exact scores on full-precision vectors wherever they are (off the heap too): each vector is copied into a
 * per-thread buffer first. For rescoring and exact filtered searches, which score few vectors.
 */
final class CopyingScorer extends Scorer {
  private static final VectorKernels K = Kernels.get();

  private final FullVectors store;
  private final boolean l2;
  private final int dim;
  private final ThreadLocal<float[][]> scratch;

  CopyingScorer(FullVectors store, Metric metric) {
    this.store = store;
    this.l2 = metric == Metric.L2;
    this.dim = store.dim();
    this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[dim], new float[dim], new float[dim],
        new float[dim]});
  }

  @Override
  Object prepare(float[] query) {
    return query;
  }

  @Override
  float score(Object prepared, int ord) {
    float[] query = (float[]) prepared;
    float[] v = scratch.get()[0];
    store.copyTo(ord, v);
    return l2 ? -K.squaredL2(query, 0, v, 0, dim) : K.dot(query, 0, v, 0, dim);
  }

  @Override
  void scoreAll(Object prepared, int[] nodes, int count, float[] out) {
    float[] query = (float[]) prepared;
    float[][] s = scratch.get();
    int i = 0;
    for (; i + 4 <= count; i += 4) { // four copies in flight, then one pass over the query for all four
      store.copyTo(nodes[i], s[0]);
      store.copyTo(nodes[i + 1], s[1]);
      store.copyTo(nodes[i + 2], s[2]);
      store.copyTo(nodes[i + 3], s[3]);
      if (l2) {
        K.squaredL2X4(query, s[0], 0, s[1], 0, s[2], 0, s[3], 0, dim, out, i);
        for (int j = i; j < i + 4; j++) {
          out[j] = -out[j];
        }
      } else {
        K.dotX4(query, s[0], 0, s[1], 0, s[2], 0, s[3], 0, dim, out, i);
      }
    }
    for (; i < count; i++) {
      out[i] = score(query, nodes[i]);
    }
  }

  @Override
  float scoreBetween(int a, int b) {
    float[][] s = scratch.get();
    store.copyTo(a, s[0]);
    store.copyTo(b, s[1]);
    return l2 ? -K.squaredL2(s[0], 0, s[1], 0, dim) : K.dot(s[0], 0, s[1], 0, dim);
  }
}
