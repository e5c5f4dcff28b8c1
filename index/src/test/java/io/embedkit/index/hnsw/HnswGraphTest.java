package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HnswGraphTest {
  private static HnswGraph graph(int maxLinks0, int nodes) {
    HnswGraph g = new HnswGraph(maxLinks0);
    g.grow(Chunks.count(nodes));
    for (int n = 0; n < nodes; n++) {
      g.addNode(n, n % 5 == 0 ? 1 : 0);
    }
    return g;
  }

  @Test
  void layerZeroListsAreCopiedInAndOut() {
    HnswGraph g = graph(8, Chunks.SIZE + 10); // two chunks
    int node = Chunks.SIZE + 3;
    int[] links = {1, 2, Chunks.SIZE + 7};
    g.setNeighbors(node, 0, links);
    links[0] = 99; // the graph kept its own copy
    int[] read = g.neighbors(node, 0);
    assertThat(read).containsExactly(1, 2, Chunks.SIZE + 7);
    read[1] = 42; // and hands out copies
    int[] dst = new int[g.maxLinks0()];
    assertThat(g.copyNeighbors(node, 0, dst)).isEqualTo(3);
    assertThat(dst).startsWith(1, 2, Chunks.SIZE + 7);
    g.setNeighbors(node, 0, new int[] {5});
    assertThat(g.neighbors(node, 0)).containsExactly(5);
    assertThat(g.neighbors(node + 1, 0)).isEmpty();
    assertThat(g.level(node)).isZero();
    assertThat(g.level(Chunks.SIZE + 4)).isEqualTo(1);
    g.setNeighbors(Chunks.SIZE + 4, 1, new int[] {node});
    assertThat(g.copyNeighbors(Chunks.SIZE + 4, 1, dst)).isEqualTo(1);
    assertThat(dst[0]).isEqualTo(node);
  }

  @Test
  void packedListsReadBackSortedAndAWriteUnpacksOnlyItsChunk() {
    SplittableRandom r = new SplittableRandom(io.embedkit.core.testing.TestSeeds.seed());
    int nodes = 3 * Chunks.SIZE + 123;
    int maxLinks0 = 40;
    HnswGraph g = graph(maxLinks0, nodes);
    int[][] lists = new int[nodes][];
    for (int n = 0; n < nodes; n++) {
      int count = n % 11 == 0 ? 0 : n % 13 == 0 ? maxLinks0 : 1 + r.nextInt(maxLinks0);
      // gaps of every byte width: neighbours nearby, across the graph, and near the largest ordinal
      int spread = new int[] {200, 60_000, nodes, Integer.MAX_VALUE / 2}[n % 4];
      java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
      while (set.size() < count) {
        set.add(spread > nodes ? (n % 8 == 3 ? Integer.MAX_VALUE - 1 - r.nextInt(1000) : r.nextInt(spread))
            : Math.floorMod(n + r.nextInt(2 * spread) - spread, nodes));
      }
      lists[n] = set.stream().mapToInt(Integer::intValue).toArray();
      int[] shuffled = lists[n].clone();
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      g.setNeighbors(n, 0, shuffled);
    }
    g.setNeighbors(5, 1, new int[] {10, 0});
    long flatBytes = g.ramBytesUsed(nodes);
    g.pack();
    assertThat(g.packedChunks()).isEqualTo(4);
    assertThat(g.ramBytesUsed(nodes)).isLessThan(flatBytes * 6 / 10);
    int[] dst = new int[maxLinks0];
    for (int n = 0; n < nodes; n++) {
      assertThat(g.neighbors(n, 0)).as("node %d", n).containsExactly(lists[n]);
      assertThat(g.copyNeighbors(n, 0, dst)).isEqualTo(lists[n].length);
      assertThat(java.util.Arrays.copyOf(dst, lists[n].length)).containsExactly(lists[n]);
    }
    assertThat(g.neighbors(5, 1)).containsExactly(10, 0); // upper layers are not packed
    assertThat(g.level(5)).isEqualTo(1);

    int node = Chunks.SIZE + 7;
    g.setNeighbors(node, 0, new int[] {3, 1});
    assertThat(g.packedChunks()).isEqualTo(3);
    assertThat(g.neighbors(node, 0)).containsExactly(3, 1);
    for (int n = 0; n < nodes; n++) {
      if (n != node) {
        assertThat(g.neighbors(n, 0)).as("node %d after the write", n).containsExactly(lists[n]);
      }
    }
    g.grow(Chunks.count(nodes) + 1); // a node beyond the last chunk's end: its packed chunk unpacks too
    g.addNode(nodes, 0);
    g.setNeighbors(nodes, 0, new int[] {node});
    assertThat(g.packedChunks()).isEqualTo(2);
    assertThat(g.neighbors(nodes, 0)).containsExactly(node);
    assertThat(g.neighbors(nodes - 1, 0)).containsExactly(lists[nodes - 1]);
  }

  @Test
  void aLayerZeroListLongerThanItsRoomIsRefused() {
    HnswGraph g = graph(4, 10);
    assertThatThrownBy(() -> g.setNeighbors(3, 0, new int[] {1, 2, 4, 5, 6}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 4");
    g.setNeighbors(3, 0, new int[] {1, 2, 4, 5});
    assertThat(g.neighbors(3, 0)).containsExactly(1, 2, 4, 5);
  }

  @Test
  void aReaderRacingRewritesSeesOnlyLinksThatWereWritten() throws Exception {
    // the writer rewrites one node's list with lists of even ordinals of every length; a reader without the
    // lock may see a mix of two lists, never a value nobody wrote nor more links than the room
    HnswGraph g = graph(32, 1000);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      int[] dst = new int[32];
      long reads = 0;
      while (!stop.get() || reads < 1000) {
        int n = g.copyNeighbors(7, 0, dst);
        reads++;
        if (n > 32) {
          bad.set("count " + n);
        }
        for (int i = 0; i < n; i++) {
          if (dst[i] % 2 != 0 || dst[i] < 0 || dst[i] >= 1000) {
            bad.set("link " + dst[i]);
          }
        }
      }
    });
    reader.start();
    SplittableRandom r = new SplittableRandom(3);
    for (int round = 0; round < 200_000; round++) {
      int[] next = new int[r.nextInt(33)];
      for (int i = 0; i < next.length; i++) {
        next[i] = 2 * r.nextInt(500);
      }
      synchronized (g.lock(7)) {
        g.setNeighbors(7, 0, next);
      }
    }
    stop.set(true);
    reader.join();
    assertThat(bad.get()).isNull();
  }

  @Test
  void breadthFirstOrderStartsAtTheEntryAndWalksWhatItCannotReachLast() {
    HnswGraph g = graph(4, 8);
    g.initEntry(5, 1);
    g.setNeighbors(5, 0, new int[] {3, 1});
    g.setNeighbors(3, 0, new int[] {5, 6, 1});
    g.setNeighbors(1, 0, new int[] {3});
    g.setNeighbors(6, 0, new int[] {3});
    g.setNeighbors(4, 0, new int[] {7}); // 0, 2, 4 and 7 are not reachable from the entry
    g.setNeighbors(7, 0, new int[] {4});
    assertThat(g.breadthFirstOrder(8)).containsExactly(5, 3, 1, 6, 0, 2, 4, 7);
    assertThat(g.breadthFirstOrder(0)).isEmpty();
  }
}
