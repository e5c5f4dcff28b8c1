package io.embedkit.index.hnsw;

import java.util.Arrays;

/**
 * Vectors addressed by ordinal, {@link Chunks#SIZE} per contiguous {@code float[]} slab. A vector is written
 * once, before its node is published in the graph; readers reach it only through the graph.
 */
final class VectorStore {
  final int dim;
  private volatile float[][] slabs = new float[0][];

  VectorStore(int dim) {
    this.dim = dim;
  }

  /** Grows to at least {@code chunks} slabs; callers serialise growth. */
  void grow(int chunks) {
    float[][] s = slabs;
    if (chunks <= s.length) {
      return;
    }
    float[][] bigger = Arrays.copyOf(s, chunks);
    for (int i = s.length; i < chunks; i++) {
      bigger[i] = new float[Chunks.SIZE * dim];
    }
    slabs = bigger;
  }

  /** Takes over another store's slabs (compaction); callers hold the index's structural lock. */
  void replaceWith(VectorStore other) {
    slabs = other.slabs;
  }

  float[] slab(int ord) {
    return slabs[Chunks.chunk(ord)];
  }

  int offset(int ord) {
    return Chunks.slot(ord) * dim;
  }

  void set(int ord, float[] v) {
    System.arraycopy(v, 0, slab(ord), offset(ord), dim);
  }

  float[] get(int ord) {
    int off = offset(ord);
    return Arrays.copyOfRange(slab(ord), off, off + dim);
  }

  void copyTo(int ord, float[] dst) {
    System.arraycopy(slab(ord), offset(ord), dst, 0, dim);
  }

  long ramBytesUsed() {
    return 16L + 8L * slabs.length + (long) slabs.length * (16L + 4L * Chunks.SIZE * dim);
  }
}
