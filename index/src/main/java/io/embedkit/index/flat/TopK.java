package io.embedkit.index.flat;

/**
 * Keeps the {@code k} best (score, ordinal) pairs seen, as a min-heap on parallel primitive arrays. Ties
 * keep the smaller ordinal, so results are reproducible. Not thread-safe.
 */
final class TopK {
  private final float[] scores;
  private final int[] ords;
  private int size;

  TopK(int k) {
    scores = new float[k];
    ords = new int[k];
  }

  /** Returns the score a candidate must beat to enter, or negative infinity while not full. */
  float threshold() {
    return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
  }

  void offer(float score, int ord) {
    if (size < scores.length) {
      scores[size] = score;
      ords[size] = ord;
      siftUp(size++);
    } else if (better(score, ord, scores[0], ords[0])) {
      scores[0] = score;
      ords[0] = ord;
      siftDown(0);
    }
  }

  int size() {
    return size;
  }

  /** Empties the heap into arrays ordered best first. */
  void drainBestFirst(float[] outScores, int[] outOrds) {
    for (int i = size - 1; i >= 0; i--) {
      outScores[i] = scores[0];
      outOrds[i] = ords[0];
      size--;
      scores[0] = scores[size];
      ords[0] = ords[size];
      siftDown(0);
    }
  }

  /** True when (s1, o1) ranks above (s2, o2). */
  private static boolean better(float s1, int o1, float s2, int o2) {
    return s1 > s2 || (s1 == s2 && o1 < o2);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!better(scores[p], ords[p], scores[i], ords[i])) {
        return;
      }
      swap(i, p);
      i = p;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && better(scores[l], ords[l], scores[r], ords[r])) {
        worst = r;
      }
      if (!better(scores[i], ords[i], scores[worst], ords[worst])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int o = ords[a];
    ords[a] = ords[b];
    ords[b] = o;
  }
}
