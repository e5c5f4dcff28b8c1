package io.embedkit.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.KeywordIndexLoader;
import io.embedkit.core.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneKeywordIndexTest {
  @TempDir Path tmp;

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).collect(Collectors.toList());
  }

  /**
   * BM25 as Lucene 9 defines it, computed by hand: idf = ln(1 + (N − n + 0.5) / (n + 0.5)), and per term
   * idf × tf / (tf + k1 × (1 − b + b × dl / avgdl)), k1 = 1.2, b = 0.75, lengths in analysed terms (exact for
   * short documents, whose lengths Lucene's norms keep exactly).
   */
  @Test
  void scoresAreBm25AsComputedByHand() {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create(LuceneKeywordIndex.Analysis.STANDARD)) {
      index.add("a", "red apple red", Map.of());
      index.add("b", "green apple", Map.of());
      index.add("c", "blue sky over the sea", Map.of());
      double avgdl = (3 + 2 + 5) / 3.0;
      List<SearchHit> hits = index.search("red apple", 3, null);
      assertThat(ids(hits)).containsExactly("a", "b");
      double idfRed = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
      double idfApple = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
      double a = idfRed * 2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / avgdl))
          + idfApple * 1 / (1 + 1.2 * (1 - 0.75 + 0.75 * 3 / avgdl));
      double b = idfApple * 1 / (1 + 1.2 * (1 - 0.75 + 0.75 * 2 / avgdl));
      assertThat((double) hits.get(0).score()).isCloseTo(a, within(1e-5));
      assertThat((double) hits.get(1).score()).isCloseTo(b, within(1e-5));
      assertThat(hits.get(0).distance()).isEqualTo(-hits.get(0).score());
      assertThat(hits.get(0).text()).isEqualTo("red apple red");
    }
  }

  @Test
  void englishAnalysisStemsAndDropsStopWords() {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create()) {
      index.add("1", "Aspirin reduces the risk of a heart attack", Map.of());
      index.add("2", "The history of the Roman empire", Map.of());
      assertThat(ids(index.search("heart attacks", 5, null))).containsExactly("1");
      assertThat(index.search("the of a", 5, null)).isEmpty(); // stop words only: no terms
      assertThat(ids(index.search("AND OR \"roman\" (empire* ", 5, null))).containsExactly("2"); // no syntax
    }
  }

  @Test
  void upsertReplacesTextAndMetadataAndRemoveForgets() {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create()) {
      index.add("1", "cats purr", Map.of("n", 1));
      index.add("1", "dogs bark", Map.of("n", 2));
      assertThat(index.size()).isEqualTo(1);
      assertThat(index.search("cats", 5, null)).isEmpty();
      SearchHit hit = index.search("dogs", 5, null).get(0);
      assertThat(hit.metadata()).isEqualTo(Map.of("n", 2L));
      assertThat(index.remove("1")).isTrue();
      assertThat(index.remove("1")).isFalse();
      assertThat(index.contains("1")).isFalse();
      assertThat(index.search("dogs", 5, null)).isEmpty();
    }
  }

  /** A filtered search returns exactly the unfiltered ranking restricted to what the filter accepts. */
  @Test
  void filtersAgreeWithTheFilterRecordsOnTypedMetadata() {
    Random random = new Random(7);
    String[] words = "alpha beta gamma delta epsilon zeta eta theta".split(" ");
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create(LuceneKeywordIndex.Analysis.STANDARD)) {
      for (int i = 0; i < 400; i++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 1 + random.nextInt(8); w++) {
          text.append(words[random.nextInt(words.length)]).append(' ');
        }
        index.add("d" + i, text.toString(), Map.of("lang", random.nextBoolean() ? "en" : "de",
            "year", 2000L + random.nextInt(25), "score", random.nextDouble(), "open", random.nextBoolean()));
      }
      index.remove("d3");
      List<Filter> filters = List.of(Filter.eq("lang", "en"), Filter.gte("year", 2015),
          Filter.lt("score", 0.5).and(Filter.eq("open", true)), Filter.eq("lang", "en").negate(),
          Filter.in("year", List.of(2001, 2002, 2003)), Filter.parse("lang == 'de' || year < 2005"));
      for (Filter f : filters) {
        List<SearchHit> all = index.search("alpha gamma theta", 1000, null);
        List<String> expected = all.stream().filter(h -> f.accept(h.id(), h.metadata())).map(SearchHit::id)
            .limit(20).collect(Collectors.toList());
        assertThat(expected).as("filter %s", f).isNotEmpty();
        assertThat(ids(index.search("alpha gamma theta", 20, f))).as("filter %s", f).isEqualTo(expected);
      }
      assertThat(index.search("alpha", 5, Filter.eq("lang", "fr"))).isEmpty();
    }
  }

  @Test
  void savesAndLoadsWithTheSameHitsScoresAndMetadataTypes() throws Exception {
    Path folder = tmp.resolve("kw");
    List<SearchHit> before;
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create()) {
      index.add("1", "Aspirin reduces the risk of a heart attack", Map.of("year", 2020, "w", 0.5, "ok", true));
      index.add("2", "Heart surgery and recovery", Map.of("lang", "en"));
      index.add("3", "gone", Map.of());
      index.remove("3");
      before = index.search("heart attack", 10, null);
      index.save(folder);
      index.add("4", "added after the save: heart heart heart", Map.of());
    }
    KeywordIndex loaded = KeywordIndexLoader.loadAny(folder);
    try (loaded) {
      assertThat(loaded).isInstanceOf(LuceneKeywordIndex.class);
      assertThat(loaded.size()).isEqualTo(2);
      assertThat(loaded.search("heart attack", 10, null)).isEqualTo(before);
      assertThat(loaded.metadata("1").orElseThrow()).isEqualTo(Map.of("year", 2020L, "w", 0.5, "ok", true));
      assertThat(loaded.search("attack", 10, Filter.eq("ok", true))).hasSize(1);
      loaded.add("5", "more heart", Map.of()); // the loaded index takes writes
      assertThat(loaded.search("heart", 10, null)).hasSize(3);
    }
    assertThatThrownBy(() -> LuceneKeywordIndex.create().save(folder))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not empty");
  }

  @Test
  void foreignOrDamagedFoldersFailTyped() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> KeywordIndexLoader.loadAny(empty)).isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(empty.toString());
    Path folder = tmp.resolve("kw");
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create()) {
      for (int i = 0; i < 50; i++) {
        index.add("id" + i, "some text number " + i, Map.of());
      }
      index.save(folder);
    }
    try (var files = Files.list(folder)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("segments")
          && !p.getFileName().toString().equals("write.lock")).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(f, bytes);
      }
    }
    assertThatThrownBy(() -> LuceneKeywordIndex.load(folder)).isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(folder.toString());
  }

  @Test
  void refusesBadInputAndUseAfterClose() {
    LuceneKeywordIndex index = LuceneKeywordIndex.create();
    assertThatThrownBy(() -> index.add(" ", "x", Map.of())).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> index.add("1", null, Map.of())).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> index.search(null, 1, null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> index.search("x", 0, null)).isInstanceOf(InvalidInputException.class);
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i < 1100; i++) {
      huge.append("w").append(i).append(' ');
    }
    assertThatThrownBy(() -> index.search(huge.toString(), 1, null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1100 distinct terms");
    index.close();
    index.close();
    assertThatThrownBy(() -> index.search("x", 1, null)).isInstanceOf(AlreadyClosedException.class);
    assertThatThrownBy(() -> index.add("1", "x", Map.of())).isInstanceOf(AlreadyClosedException.class);
  }

  @Test
  void searchesSeeEveryWriteThatReturnedWhileOthersWrite() throws Exception {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.create()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          tasks.add(pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
              String id = "t" + thread + "-" + i;
              index.add(id, "common word" + thread + "x" + i, Map.of("t", thread));
              assertThat(ids(index.search("word" + thread + "x" + i, 1, Filter.eq("t", thread))))
                  .containsExactly(id);
              if (i % 3 == 0) {
                index.remove(id);
                assertThat(index.search("word" + thread + "x" + i, 1, null)).isEmpty();
              }
            }
            return null;
          }));
        }
        for (Future<?> f : tasks) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(index.size()).isEqualTo(4 * 200);
      assertThat(index.search("common", 2000, null)).hasSize(800);
    }
  }
}
