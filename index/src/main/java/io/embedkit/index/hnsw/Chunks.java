package io.embedkit.index.hnsw;

/** Per-ordinal storage grows in chunks of {@value #SIZE} ordinals that never move once allocated. */
final class Chunks {
  static final int BITS = 12;
  static final int SIZE = 1 << BITS;
  static final int MASK = SIZE - 1;

  private Chunks() {}

  static int chunk(int ord) {
    return ord >>> BITS;
  }

  static int slot(int ord) {
    return ord & MASK;
  }

  static int count(int capacity) {
    return (capacity + SIZE - 1) >>> BITS;
  }
}
