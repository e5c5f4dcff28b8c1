package io.embedkit.index.hnsw;

import io.embedkit.core.Filter;
import java.util.SplittableRandom;

/**
 * The exact search a filtered HNSW search falls back to when the filter admits so few items that the graph
 * walk would visit most of the graph to find them, and the sampling that decides it.
 */
final class ExactFallback {
  /** Items sampled to estimate a filter's admitted share. */
  static final int FILTER_SAMPLE = 512;

  private ExactFallback() {}

  /**
   * Estimates the share of live items a filter admits from a reproducible sample; 0 for indexes small
   * enough to scan exactly anyway.
   */
  static double admittedFraction(IdMap ids, Filter filter, int limit) {
    if (ids.size() <= FILTER_SAMPLE) {
      return 0; // small enough to scan exactly
    }
    SplittableRandom r = new SplittableRandom(limit);
    int tried = 0;
    int admitted = 0;
    for (int i = 0; i < FILTER_SAMPLE * 4 && tried < FILTER_SAMPLE; i++) {
      int ord = r.nextInt(limit);
      if (!ids.current(ord)) {
        continue;
      }
      tried++;
      if (filter.accept(ids.idOf(ord), ids.metaOf(ord))) {
        admitted++;
      }
    }
    return tried == 0 ? 0 : (double) admitted / tried;
  }

  /** Returns the best {@code k} live items the filter admits, scanning every ordinal below {@code limit}. */
  static LongHeap topK(IdMap ids, Scorer scorer, float[] q, int k, Filter filter, int limit) {
    LongHeap top = new LongHeap(k + 1);
    for (int ord = 0; ord < limit; ord++) {
      if (ids.isRemoved(ord) || !filter.accept(ids.idOf(ord), ids.metaOf(ord)) || !ids.current(ord)) {
        continue;
      }
      long p = LongHeap.packWorstFirst(scorer.score(q, ord), ord);
      if (top.size() < k) {
        top.push(p);
      } else if (p > top.top()) {
        top.replaceTop(p);
      }
    }
    return top;
  }
}
