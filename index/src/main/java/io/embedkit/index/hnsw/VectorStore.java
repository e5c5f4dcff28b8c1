package io.embedkit.index.hnsw;

import io.embedkit.index.store.IndexInput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Vectors addressed by ordinal, {@link Chunks#SIZE} per contiguous {@code float[]} slab. A vector is written
 * once, before its node is published in the graph; readers reach it only through the graph.
 */
final class VectorStore implements FullVectors {
  final int dim;
  private volatile float[][] slabs = new float[0][];

  VectorStore(int dim) {
    this.dim = dim;
  }

  @Override
  public int dim() {
    return dim;
  }

  /** Grows to at least {@code chunks} slabs; callers serialise growth. */
  @Override
  public void grow(int chunks) {
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
  @Override
  public void replaceWith(FullVectors other) {
    slabs = ((VectorStore) other).slabs;
  }

  float[] slab(int ord) {
    return slabs[Chunks.chunk(ord)];
  }

  int offset(int ord) {
    return Chunks.slot(ord) * dim;
  }

  @Override
  public void set(int ord, float[] v) {
    System.arraycopy(v, 0, slab(ord), offset(ord), dim);
  }

  @Override
  public float[] get(int ord) {
    int off = offset(ord);
    return Arrays.copyOfRange(slab(ord), off, off + dim);
  }

  @Override
  public void copyTo(int ord, float[] dst) {
    System.arraycopy(slab(ord), offset(ord), dst, 0, dim);
  }

  @Override
  public long ramBytesUsed() {
    return 16L + 8L * slabs.length + (long) slabs.length * (16L + 4L * Chunks.SIZE * dim);
  }

  @Override
  public long offHeapBytes() {
    return 0;
  }

  @Override
  public void read(IndexInput in, int n) throws IOException {
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      in.readFloats(slab(ord), 0, Math.min(Chunks.SIZE, n - ord) * dim);
    }
  }

  @Override
  public void close() {
    // heap only
  }
}
