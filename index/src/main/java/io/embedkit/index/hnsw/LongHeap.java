package io.embedkit.index.hnsw;

/**
 * A binary min-heap of longs that grows as needed. Candidates and results are (score, node) pairs packed into
 * one long by {@link #pack}, so the heap never boxes. Not thread-safe; searchers reuse theirs.
 */
final class LongHeap {
  private long[] heap;
  private int size;

  LongHeap(int capacity) {
    heap = new long[Math.max(16, capacity)];
  }

  /** Order-preserving int image of a float. */
  static int sortable(float f) {
    int bits = Float.floatToIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  static float unsortable(int s) {
    return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7fffffff));
  }

  /** Packs so that the smallest long is the worst score; among equal scores, the larger node. */
  static long packWorstFirst(float score, int node) {
    return ((long) sortable(score) << 32) | (~node & 0xFFFF_FFFFL);
  }

  static int nodeOfWorstFirst(long p) {
    return ~(int) p;
  }

  /** Packs so that the smallest long is the best score; among equal scores, the smaller node. */
  static long packBestFirst(float score, int node) {
    return ((long) sortable(-score) << 32) | (node & 0xFFFF_FFFFL);
  }

  static int nodeOfBestFirst(long p) {
    return (int) p;
  }

  static float score(long p, boolean bestFirst) {
    float f = unsortable((int) (p >> 32));
    return bestFirst ? -f : f;
  }

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long top() {
    return heap[0];
  }

  void push(long v) {
    if (size == heap.length) {
      heap = java.util.Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (heap[p] <= v) {
        break;
      }
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = v;
  }

  long pop() {
    long top = heap[0];
    long last = heap[--size];
    if (size > 0) {
      siftDownFromTop(last);
    }
    return top;
  }

  /** Replaces the top with {@code v}; faster than pop then push. */
  void replaceTop(long v) {
    siftDownFromTop(v);
  }

  /** Puts {@code v} at the root and moves it down to its place. */
  private void siftDownFromTop(long v) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && heap[r] < heap[c]) {
        c = r;
      }
      if (v <= heap[c]) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = v;
  }
}
