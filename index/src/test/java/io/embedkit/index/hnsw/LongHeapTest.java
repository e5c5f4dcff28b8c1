package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongHeapTest {
  @Test
  void popsInOrderAndReplaceTopKeepsTheHeap() {
    SplittableRandom r = new SplittableRandom(5);
    LongHeap heap = new LongHeap(4);
    long[] values = new long[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.nextLong();
      heap.push(values[i]);
    }
    heap.replaceTop(Long.MAX_VALUE); // drops the smallest
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      assertThat(heap.pop()).isEqualTo(sorted[i]);
    }
    assertThat(heap.pop()).isEqualTo(Long.MAX_VALUE);
    assertThat(heap.isEmpty()).isTrue();
  }

  @Test
  void packingOrdersByScoreThenNode() {
    assertThat(LongHeap.packWorstFirst(0.5f, 3)).isLessThan(LongHeap.packWorstFirst(0.7f, 1));
    assertThat(LongHeap.packWorstFirst(0.5f, 9)).isLessThan(LongHeap.packWorstFirst(0.5f, 2)); // larger node is worse
    assertThat(LongHeap.packBestFirst(0.9f, 5)).isLessThan(LongHeap.packBestFirst(-1f, 0));
    assertThat(LongHeap.nodeOfWorstFirst(LongHeap.packWorstFirst(-3.25f, 77))).isEqualTo(77);
    assertThat(LongHeap.score(LongHeap.packWorstFirst(-3.25f, 77), false)).isEqualTo(-3.25f);
    assertThat(LongHeap.score(LongHeap.packBestFirst(2.5f, 1), true)).isEqualTo(2.5f);
  }
}
