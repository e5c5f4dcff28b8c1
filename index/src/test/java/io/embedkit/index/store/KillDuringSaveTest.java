package io.embedkit.index.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import io.embedkit.core.testing.KillLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection for the store as a whole: a child JVM keeps adding items and saving the index; it is killed
 * with SIGKILL at a random moment, 50 times. Every time, the saved file loads and holds exactly the items of a
 * completed save: the last one the child reported, or one it completed without reporting it yet.
 */
class KillDuringSaveTest {
  static final int PER_SAVE = 40;
  static final int DIM = 16;

  @TempDir Path tmp;

  /** The child: continues the saved index, then adds {@value #PER_SAVE} items and saves, over and over. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    HnswIndex index = Files.exists(file) ? HnswIndex.load(file)
        : HnswIndex.create(HnswConfig.of(DIM, Metric.COSINE).withGraph(8, 40));
    System.out.println("started " + index.size());
    System.out.flush();
    while (true) {
      int from = index.size();
      for (int i = from; i < from + PER_SAVE; i++) {
        index.add("item-" + i, vector(i));
      }
      index.save(file);
      System.out.println("saved " + index.size());
      System.out.flush();
    }
  }

  static float[] vector(int i) {
    Random r = new Random(i);
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void killedFiftyTimesTheSavedIndexAlwaysHoldsACompletedSave() throws Exception {
    Path file = tmp.resolve("store.idx");
    Random random = new Random(2026);
    int kills = 0;
    int expected = 0;
    for (int round = 0; round < 50; round++) {
      KillLoop.Round killed = KillLoop.run(KillDuringSaveTest.class, 150 + random.nextInt(600), file.toString());
      kills++;
      if (killed.started() >= 0) {
        assertThat(killed.started()).as("round %d: the child loaded the last saved index", round).isEqualTo(expected);
      }
      long last = killed.saved() < 0 ? expected : killed.saved();
      int count = countOf(file);
      assertThat((long) count).as("round %d: saves reported up to %d", round, last)
          .isIn(last, last + PER_SAVE);
      expected = count;
    }
    assertThat(kills).isEqualTo(50);
    assertThat(expected).as("the children made progress").isGreaterThan(PER_SAVE);
  }

  /** Loads the file, checks that it holds exactly item-0 .. item-(n-1) with their vectors, returns n. */
  private static int countOf(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    try (HnswIndex index = HnswIndex.load(file)) {
      int n = index.size();
      assertThat(n % PER_SAVE).isZero();
      for (int i = 0; i < n; i++) {
        float[] v = index.vector("item-" + i).orElseThrow(() -> new AssertionError("an item is missing"));
        assertThat(io.embedkit.core.Vectors.cosine(v, vector(i))).as("item-%d of %d", i, n)
            .isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(index.contains("item-" + n)).isFalse();
      if (n > 0) { // and the graph finds them
        List<SearchHit> hits = index.search(vector(n - 1), 1);
        assertThat(hits).extracting(SearchHit::id).containsExactly("item-" + (n - 1));
      }
      return n;
    }
  }
}
