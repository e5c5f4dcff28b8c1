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
