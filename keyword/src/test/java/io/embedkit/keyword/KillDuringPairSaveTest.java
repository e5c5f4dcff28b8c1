package io.embedkit.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchOptions;
import io.embedkit.core.StoreFolder;
import io.embedkit.core.testing.FakeTextEncoder;
import io.embedkit.index.flat.FlatIndex;
import java.nio.file.Path;
import java.util.Random;
import io.embedkit.core.testing.KillLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's two indexes under SIGKILL: a child JVM keeps adding items to a store with a keyword index and
 * saving its folder; it is killed at a random moment, 30 times. Every time the folder loads, and both indexes
 * hold exactly the items of the same completed save: never a new vector index beside an old keyword index.
 */
class KillDuringPairSaveTest {
  static final int PER_SAVE = 25;
  static final int DIM = 16;

  @TempDir Path tmp;

  static String text(int i) {
    return "common token" + i + " words";
  }

  /** The child: continues the saved store, then adds {@value #PER_SAVE} items and saves, over and over. */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    EmbeddingStore<String> store = StoreFolder.isStoreFolder(folder)
        ? EmbeddingStore.load(folder, new FakeTextEncoder("fake", DIM))
        : EmbeddingStore.of(new FakeTextEncoder("fake", DIM), FlatIndex.create(DIM, Metric.COSINE),
            LuceneKeywordIndex.create());
    System.out.println("started " + store.size());
    System.out.flush();
    while (true) {
      int from = store.size();
      for (int i = from; i < from + PER_SAVE; i++) {
        store.add("item-" + i, text(i));
      }
      store.save(folder);
      System.out.println("saved " + store.size());
      System.out.flush();
    }
  }

  @Test
  void killedThirtyTimesTheFolderAlwaysHoldsOneCompletedPair() throws Exception {
    Path folder = tmp.resolve("store");
    Random random = new Random(19);
    int expected = 0;
    for (int round = 0; round < 30; round++) {
      KillLoop.Round killed = KillLoop.run(KillDuringPairSaveTest.class, 300 + random.nextInt(900),
          folder.toString());
      if (killed.started() >= 0) {
        assertThat(killed.started()).as("round %d: the child loaded the last saved pair", round).isEqualTo(expected);
      }
      long last = killed.saved() < 0 ? expected : killed.saved();
      int count = countOf(folder);
      assertThat((long) count).as("round %d: saves reported up to %d", round, last).isIn(last, last + PER_SAVE);
      expected = count;
    }
    assertThat(expected).as("the children made progress").isGreaterThan(PER_SAVE);
  }

  /** Loads the folder, checks that both indexes hold exactly item-0 .. item-(n-1), returns n. */
  private static int countOf(Path folder) throws Exception {
    if (!StoreFolder.isStoreFolder(folder)) {
      return 0;
    }
    try (EmbeddingStore<String> store = EmbeddingStore.load(folder, new FakeTextEncoder("fake", DIM))) {
      int n = store.size();
      var keywords = store.keywordIndex().orElseThrow();
      assertThat(keywords.size()).as("keyword items beside %d vectors", n).isEqualTo(n);
      assertThat(n % PER_SAVE).isZero();
      for (int i = 0; i < n; i++) {
        assertThat(store.index().contains("item-" + i)).isTrue();
        assertThat(keywords.contains("item-" + i)).isTrue();
      }
      if (n > 0) {
        assertThat(store.search("token" + (n - 1), 1, SearchOptions.keyword()).get(0).id()).isEqualTo("item-" + (n - 1));
      }
      return n;
    }
  }
}
