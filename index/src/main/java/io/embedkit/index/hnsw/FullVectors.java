package io.embedkit.index.hnsw;

import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import java.io.IOException;

/** The full-precision vectors of an index by ordinal: on the heap, or off it in a memory-mapped file. */
interface FullVectors extends AutoCloseable {
  /** The dimension. */
  int dim();

  /** Grows to at least {@code chunks} chunks of {@link Chunks#SIZE} ordinals; callers serialise growth. */
  void grow(int chunks);

  /** Stores a vector; written once, before its node is published. */
  void set(int ord, float[] v);

  /** Copies a vector into {@code dst} from index 0. */
  void copyTo(int ord, float[] dst);

  /** Returns a copy of a vector. */
  default float[] get(int ord) {
    float[] v = new float[dim()];
    copyTo(ord, v);
    return v;
  }

  /** Heap bytes held. */
  long ramBytesUsed();

  /** Bytes held off the heap (mapped). */
  long offHeapBytes();

  /** Writes the vectors of the ordinals in {@code order}, in that order. */
  default void write(IndexOutput out, int[] order) throws IOException {
    int dim = dim();
    float[] buf = new float[Math.min(order.length, Chunks.SIZE) * dim];
    float[] v = new float[dim];
    for (int from = 0; from < order.length; from += Chunks.SIZE) {
      int count = Math.min(Chunks.SIZE, order.length - from);
      for (int i = 0; i < count; i++) {
        copyTo(order[from + i], v);
        System.arraycopy(v, 0, buf, i * dim, dim);
      }
      out.writeFloats(buf, 0, count * dim);
    }
  }

  /** Reads {@code n} vectors into ordinals from 0; capacity is already there. */
  void read(IndexInput in, int n) throws IOException;

  /** Takes over another store's vectors (compaction), releasing its own; callers hold the structural lock. */
  void replaceWith(FullVectors other);

  /** Releases what is held off the heap. */
  @Override
  void close();
}
