package io.embedkit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.DimensionMismatchException;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link VectorIndex} must have. An index type extends this class and says how to create
 * and load one; exact indexes keep {@link #minimumRecall()} at 1.
 */
public abstract class VectorIndexContractTest {
  @TempDir protected Path tmp;
  protected long seed;
  protected SplittableRandom random;

  /**
   * Returns a new, empty index.
   *
   * @param dimension the dimension
   * @param metric the metric
   * @return the index
   */
  protected abstract VectorIndex newIndex(int dimension, Metric metric);

  /**
   * Loads a saved index of the type under test.
   *
   * @param path the file
   * @return the index
   * @throws IOException if reading fails
   */
  protected abstract VectorIndex load(Path path) throws IOException;

  /**
   * Returns the metrics the index supports.
   *
   * @return the metrics
   */
  protected List<Metric> metrics() {
    return List.of(Metric.values());
  }

  /**
   * Returns the recall@10 against brute force the index must reach; 1 for exact indexes.
   *
   * @return the minimum recall
   */
  protected double minimumRecall() {
    return 1.0;
  }

  @BeforeEach
  void drawSeed() {
    seed = TestSeeds.seed();
    random = new SplittableRandom(seed);
  }

  private String seedMsg() {
    return "tests.seed=" + seed;
  }

  private Map<String, float[]> fill(VectorIndex index, int n) {
    Map<String, float[]> data = new HashMap<>();
    for (int i = 0; i < n; i++) {
      float[] v = TestSeeds.randomVector(random, index.dimension());
      String id = "id-" + i;
      index.add(id, v, Map.of("parity", i % 2 == 0 ? "even" : "odd", "n", Integer.toString(i)));
      data.put(id, v);
    }
    return data;
  }

  private static List<String> bruteForce(Map<String, float[]> data, float[] q, Metric m, int k, Filter f) {
    return data.entrySet().stream()
        .filter(e -> f == null || f.accept(e.getKey(), Map.of("parity",
            Integer.parseInt(e.getKey().substring(3)) % 2 == 0 ? "even" : "odd", "n", e.getKey().substring(3))))
        .sorted(Comparator.comparingDouble((Map.Entry<String, float[]> e) -> -exactScore(m, q, e.getValue()))
            .thenComparing(Map.Entry::getKey))
        .limit(k).map(Map.Entry::getKey).toList();
  }

  /** The metric's score computed in double precision. */
  protected static double exactScore(Metric m, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    double l1 = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      double d = (double) a[i] - b[i];
      l2 += d * d;
      l1 += Math.abs(d);
    }
    switch (m) {
      case COSINE:
        return dot / Math.sqrt(na * nb);
      case DOT:
        return dot;
      case L2:
        return -Math.sqrt(l2);
      default:
        return -l1;
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void searchFindsTheTrueNearestNeighboursWithCorrectScores(Metric metric) {
    if (!metrics().contains(metric)) {
      return;
    }
    try (VectorIndex index = newIndex(24, metric)) {
      Map<String, float[]> data = fill(index, 500);
      double recall = 0;
      int queries = 30;
      for (int q = 0; q < queries; q++) {
        float[] query = TestSeeds.randomVector(random, 24);
        List<SearchHit> hits = index.search(query, 10);
        List<String> truth = bruteForce(data, query, metric, 10, null);
        assertThat(hits).as(seedMsg()).hasSize(10);
        for (int i = 1; i < hits.size(); i++) {
          assertThat(hits.get(i).score()).as(seedMsg()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        for (SearchHit h : hits) {
          double exact = exactScore(metric, query, data.get(h.id()));
          assertThat((double) h.score()).as(seedMsg() + " score of " + h.id())
              .isCloseTo(exact, within(1e-4 * Math.max(1, Math.abs(exact))));
          assertThat(h.distance()).as(seedMsg()).isEqualTo(metric.scoreToDistance(h.score()));
        }
        recall += hits.stream().filter(h -> truth.contains(h.id())).count() / 10.0;
      }
      assertThat(recall / queries).as(seedMsg()).isGreaterThanOrEqualTo(minimumRecall());
    }
  }

  @Test
  void handCheckedGeometry() {
    try (VectorIndex index = newIndex(2, Metric.L2)) {
      for (int deg = 0; deg < 360; deg += 30) {
        double r = Math.toRadians(deg);
        index.add("p" + deg, new float[] {(float) Math.cos(r), (float) Math.sin(r)});
      }
      List<SearchHit> hits = index.search(new float[] {1.2f, 0.05f}, 3);
      assertThat(hits).extracting(SearchHit::id).containsExactly("p0", "p30", "p330");
      assertThat(hits.get(0).distance()).isCloseTo((float) Math.hypot(0.2, 0.05), within(1e-6f));
    }
  }

  @Test
  void addingAnExistingIdReplacesItsVectorAndMetadata() {
    try (VectorIndex index = newIndex(3, Metric.DOT)) {
      index.add("a", new float[] {1, 0, 0}, Map.of("v", "1"));
      index.add("b", new float[] {0, 1, 0});
      index.add("a", new float[] {0, 0, 1}, Map.of("v", "2"));
      assertThat(index.size()).isEqualTo(2);
      SearchHit top = index.search(new float[] {0, 0, 1}, 1).get(0);
      assertThat(top.id()).isEqualTo("a");
      assertThat(top.score()).isEqualTo(1f);
      assertThat(top.metadata()).isEqualTo(Map.of("v", "2"));
      assertThat(index.metadata("a")).contains(Map.of("v", "2"));
    }
  }

  @Test
  void removedItemsAreNeverReturned() {
    try (VectorIndex index = newIndex(8, Metric.COSINE)) {
      Map<String, float[]> data = fill(index, 200);
      List<String> removed = new ArrayList<>();
      for (int i = 0; i < 200; i += 3) {
        assertThat(index.remove("id-" + i)).isTrue();
        removed.add("id-" + i);
        data.remove("id-" + i);
      }
      assertThat(index.remove("id-0")).isFalse();
      assertThat(index.remove("never")).isFalse();
      assertThat(index.size()).isEqualTo(200 - removed.size());
      assertThat(index.contains("id-3")).isFalse();
      assertThat(index.contains("id-1")).isTrue();
      for (String id : removed) {
        // its own vector is the best possible query for it
        List<SearchHit> hits = index.search(TestSeeds.randomVector(random, 8), 20);
        assertThat(hits).extracting(SearchHit::id).as(seedMsg()).doesNotContainAnyElementsOf(removed);
        assertThat(index.metadata(id)).isEmpty();
      }
      for (Map.Entry<String, float[]> e : data.entrySet()) {
        assertThat(index.search(e.getValue(), 1).get(0).id()).as(seedMsg()).isEqualTo(e.getKey());
      }
    }
  }

  @Test
  void filtersApplyDuringTheSearch() {
    try (VectorIndex index = newIndex(16, Metric.L2)) {
      Map<String, float[]> data = fill(index, 300);
      float[] q = TestSeeds.randomVector(random, 16);
      Filter odd = Filter.metadataEquals("parity", "odd");
      List<SearchHit> hits = index.search(q, 10, odd);
      assertThat(hits).hasSize(10);
      assertThat(hits).allSatisfy(h -> assertThat(h.metadata()).containsEntry("parity", "odd"));
      if (minimumRecall() >= 1.0) {
        assertThat(hits).extracting(SearchHit::id).as(seedMsg())
            .containsExactlyElementsOf(bruteForce(data, q, Metric.L2, 10, odd));
      }
      List<SearchHit> few = index.search(q, 10, Filter.idIn(List.of("id-7", "id-8")));
      assertThat(few).extracting(SearchHit::id).containsExactlyInAnyOrder("id-7", "id-8");
      assertThat(index.search(q, 5, Filter.metadataEquals("parity", "none"))).isEmpty();
    }
  }

  @Test
  void kLargerThanTheIndexReturnsEverything() {
    try (VectorIndex index = newIndex(4, Metric.DOT)) {
      fill(index, 5);
      assertThat(index.search(new float[] {1, 1, 1, 1}, 100)).hasSize(5);
    }
  }

  @Test
  void badInputIsRejectedWithTypedErrorsAndChangesNothing() {
    try (VectorIndex index = newIndex(3, Metric.COSINE)) {
      assertThatThrownBy(() -> index.search(new float[] {1, 0, 0}, 1))
          .isInstanceOf(EmptyIndexException.class)
          .hasMessage("the index is empty: add vectors before searching");
      index.add("a", new float[] {1, 0, 0}, Map.of("k", "v"));
      assertThatThrownBy(() -> index.add("b", new float[] {1, 0}))
          .isInstanceOf(DimensionMismatchException.class)
          .hasMessage("vector for id 'b' has dimension 2, expected 3");
      assertThatThrownBy(() -> index.add("a", new float[] {Float.NaN, 0, 0}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("vector for id 'a' has a non-finite component NaN at position 0");
      assertThatThrownBy(() -> index.add("c", new float[] {0, Float.POSITIVE_INFINITY, 0}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("vector for id 'c' has a non-finite component Infinity at position 1");
      assertThatThrownBy(() -> index.add(null, new float[3]))
          .isInstanceOf(InvalidInputException.class).hasMessage("id must not be null");
      assertThatThrownBy(() -> index.add("  ", new float[3]))
          .isInstanceOf(InvalidInputException.class).hasMessage("id must not be blank, was '  '");
      assertThatThrownBy(() -> index.add("d", new float[3], null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("metadata for id 'd' must not be null (use Map.of())");
      assertThatThrownBy(() -> index.search(new float[] {1, 0, 0}, 0))
          .isInstanceOf(InvalidInputException.class).hasMessage("k must be positive, was 0");
      assertThatThrownBy(() -> index.search(new float[] {1, 0, 0}, -3))
          .isInstanceOf(InvalidInputException.class).hasMessage("k must be positive, was -3");
      assertThatThrownBy(() -> index.search(new float[] {1, 0}, 1))
          .isInstanceOf(DimensionMismatchException.class).hasMessage("query has dimension 2, expected 3");
      assertThatThrownBy(() -> index.search(new float[] {1, Float.NaN, 0}, 1))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("query has a non-finite component NaN at position 1");
      assertThat(index.size()).isEqualTo(1);
      SearchHit only = index.search(new float[] {1, 0, 0}, 5).get(0);
      assertThat(only.id()).isEqualTo("a");
      assertThat(only.score()).isCloseTo(1f, within(1e-6f));
      assertThat(only.metadata()).isEqualTo(Map.of("k", "v"));
    }
  }

  /** Six items with typed metadata and text; the query is nearest to "a" and farthest from "f". */
  private VectorIndex typedItems() {
    VectorIndex index = newIndex(2, Metric.L2);
    index.add("a", new float[] {0, 0}, "alpha text", Map.of("lang", "en", "year", 2019, "score", 0.5, "ok", true));
    index.add("b", new float[] {1, 0}, "beta", Map.of("lang", "de", "year", 2021L, "score", 1.5f, "ok", false));
    index.add("c", new float[] {2, 0}, null, Map.of("lang", "en", "year", 2023, "tag", "x-ray"));
    index.add("d", new float[] {3, 0}, "delta", Map.of("lang", "fr", "score", -2.25d));
    index.add("e", new float[] {4, 0}, null, Map.of("id", java.util.UUID.fromString(
        "00000000-0000-0000-0000-000000000001")));
    index.add("f", new float[] {5, 0});
    return index;
  }

  private static List<String> ids(VectorIndex index, Filter f) {
    return index.search(new float[] {0, 0}, 10, f).stream().map(SearchHit::id).toList();
  }

  @Test
  void typedMetadataAndTextComeBackAsTheyWereAdded() {
    try (VectorIndex index = typedItems()) {
      assertThat(index.metadata("a")).contains(Map.of("lang", "en", "year", 2019L, "score", 0.5, "ok", true));
      assertThat(index.metadata("b").orElseThrow().get("score")).isEqualTo((double) 1.5f);
      assertThat(index.metadata("e")).contains(Map.of("id", "00000000-0000-0000-0000-000000000001"));
      assertThat(index.text("a")).contains("alpha text");
      assertThat(index.text("c")).isEmpty();
      assertThat(index.text("missing")).isEmpty();
      SearchHit a = index.search(new float[] {0, 0}, 1).get(0);
      assertThat(a.text()).isEqualTo("alpha text");
      assertThat(a.metadata()).containsEntry("year", 2019L).containsEntry("ok", true);
      assertThat(index.vector("b")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 0));
      assertThat(index.vector("missing")).isEmpty();
      assertThatThrownBy(() -> index.add("z", new float[] {0, 0}, Map.of("when", new java.util.Date())))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("when");
      assertThatThrownBy(() -> index.add("z", new float[] {0, 0}, Map.of("x", Double.NaN)))
          .isInstanceOf(InvalidInputException.class);
      assertThat(index.contains("z")).isFalse();
    }
  }

  @Test
  void everyFilterOperatorSelectsWhatItSays() {
    try (VectorIndex index = typedItems()) {
      assertThat(ids(index, Filter.eq("lang", "en"))).containsExactly("a", "c");
      assertThat(ids(index, Filter.eq("year", 2021))).containsExactly("b");
      assertThat(ids(index, Filter.eq("year", 2021.0))).as("a long equals the double of its value")
          .containsExactly("b");
      assertThat(ids(index, Filter.eq("ok", false))).containsExactly("b");
      assertThat(ids(index, Filter.ne("lang", "en"))).as("without the key counts as not equal")
          .containsExactly("b", "d", "e", "f");
      assertThat(ids(index, Filter.gt("year", 2019))).containsExactly("b", "c");
      assertThat(ids(index, Filter.gte("year", 2019))).containsExactly("a", "b", "c");
      assertThat(ids(index, Filter.lt("score", 0.5))).containsExactly("d");
      assertThat(ids(index, Filter.lte("score", 0.5))).containsExactly("a", "d");
      assertThat(ids(index, Filter.gt("lang", "en"))).as("strings compare as strings").containsExactly("d");
      assertThat(ids(index, Filter.in("lang", List.of("de", "fr")))).containsExactly("b", "d");
      assertThat(ids(index, Filter.in("year", List.of(2019, 2023L)))).containsExactly("a", "c");
      assertThat(ids(index, Filter.notIn("lang", List.of("en")))).containsExactly("b", "d", "e", "f");
      assertThat(ids(index, Filter.containsString("tag", "-ra"))).containsExactly("c");
      assertThat(ids(index, Filter.eq("id", java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"))))
          .containsExactly("e");
      assertThat(ids(index, Filter.eq("lang", "en").and(Filter.gt("year", 2020)))).containsExactly("c");
      assertThat(ids(index, Filter.eq("lang", "fr").or(Filter.eq("ok", true)))).containsExactly("a", "d");
      assertThat(ids(index, Filter.eq("lang", "en").negate())).containsExactly("b", "d", "e", "f");
      assertThat(ids(index, Filter.gt("lang", 3))).as("a string never compares with a number").isEmpty();
      assertThat(ids(index, Filter.parse("(lang == 'en' || lang == \"fr\") && NOT year < 2020")))
          .containsExactly("c", "d");
      assertThat(index.ids(Filter.parse("score >= -3 AND lang NIN ['de']"))).containsExactlyInAnyOrder("a", "d");
      assertThat(index.ids(null)).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    }
  }

  @Test
  void typedMetadataAndTextSurviveSaveAndLoad() throws IOException {
    try (VectorIndex index = typedItems()) {
      Path file = tmp.resolve("typed.idx");
      index.save(file);
      try (VectorIndex loaded = load(file)) {
        for (String id : List.of("a", "b", "c", "d", "e", "f")) {
          assertThat(loaded.metadata(id)).as(id).isEqualTo(index.metadata(id));
          assertThat(loaded.text(id)).as(id).isEqualTo(index.text(id));
        }
        assertThat(ids(loaded, Filter.parse("year > 2019 && ok != true"))).containsExactly("b", "c");
      }
    }
  }

  @Test
  void saveAndLoadRoundTripBitForBit() throws IOException {
    for (Metric metric : metrics()) {
      try (VectorIndex index = newIndex(12, metric)) {
        fill(index, 257);
        index.remove("id-10");
        index.add("unicode-é✓", TestSeeds.randomVector(random, 12), Map.of("ключ", "значение"));
        Path file = tmp.resolve(metric + ".idx");
        index.save(file);
        try (VectorIndex loaded = load(file)) {
          assertThat(loaded.size()).isEqualTo(index.size());
          assertThat(loaded.dimension()).isEqualTo(12);
          assertThat(loaded.metric()).isEqualTo(metric);
          assertThat(loaded.metadata("unicode-é✓")).contains(Map.of("ключ", "значение"));
          for (int q = 0; q < 10; q++) {
            float[] query = TestSeeds.randomVector(random, 12);
            assertThat(loaded.search(query, 7)).as(seedMsg()).isEqualTo(index.search(query, 7));
          }
          Path again = tmp.resolve(metric + "-again.idx");
          loaded.save(again);
          assertThat(Files.readAllBytes(again)).as("a loaded index saves the same bytes")
              .isEqualTo(Files.readAllBytes(file));
        }
      }
    }
  }

  @Test
  void theEmbeddingSpaceIsSavedAndAnotherOneRefused() throws IOException {
    EmbeddingSpace space = new EmbeddingSpace("model-a", 12, true, Metric.COSINE);
    try (VectorIndex index = newIndex(12, Metric.COSINE)) {
      assertThatThrownBy(() -> index.bindSpace(new EmbeddingSpace("model-a", 13, true, Metric.COSINE)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("13");
      index.bindSpace(space);
      fill(index, 20);
      index.bindSpace(space); // the same space again is fine
      if (index.space().isEmpty()) {
        return; // this index does not keep the space
      }
      assertThatThrownBy(() -> index.bindSpace(new EmbeddingSpace("model-b", 12, true, Metric.COSINE)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("model-a").hasMessageContaining("model-b");
      assertThat(index.size()).isEqualTo(20);
      Path file = tmp.resolve("space.idx");
      index.save(file);
      try (VectorIndex loaded = load(file)) {
        assertThat(loaded.space()).contains(space);
        assertThatThrownBy(() -> loaded.bindSpace(new EmbeddingSpace("model-b", 12, true, Metric.COSINE)))
            .isInstanceOf(InvalidInputException.class);
      }
    }
  }

  @Test
  void truncatedFlippedAndForeignFilesFailAsCorrupted() throws IOException {
    try (VectorIndex index = newIndex(6, Metric.DOT)) {
      fill(index, 50);
      Path file = tmp.resolve("good.idx");
      index.save(file);
      byte[] good = Files.readAllBytes(file);

      Path truncated = tmp.resolve("truncated.idx");
      for (int cut : new int[] {0, 3, 20, good.length / 2, good.length - 1}) {
        Files.write(truncated, java.util.Arrays.copyOf(good, cut));
        assertThatThrownBy(() -> load(truncated)).as("cut at " + cut)
            .isInstanceOf(IndexCorruptedException.class)
            .hasMessageStartingWith("index file " + truncated + ": ");
      }
      Path flipped = tmp.resolve("flipped.idx");
      for (int pos : new int[] {good.length / 3, good.length / 2, good.length - 40, good.length - 3}) {
        byte[] bad = good.clone();
        bad[pos] ^= 0x10;
        Files.write(flipped, bad);
        assertThatThrownBy(() -> load(flipped)).as("flip at " + pos)
            .isInstanceOf(IndexCorruptedException.class)
            .hasMessageStartingWith("index file " + flipped + ": ");
      }
      Path foreign = tmp.resolve("foreign.idx");
      Files.writeString(foreign, "{\"this is\": \"a JSON file, not an index\"}");
      assertThatThrownBy(() -> load(foreign))
          .isInstanceOf(IndexCorruptedException.class)
          .hasMessage("index file " + foreign + ": is not an embedkit index (its first bytes are not \"EMBK\")");
      assertThatThrownBy(() -> load(tmp.resolve("missing.idx")))
          .isInstanceOf(IndexCorruptedException.class)
          .hasMessage("index file " + tmp.resolve("missing.idx") + ": does not exist");
      // the good file is untouched by all of this
      assertThat(load(file).size()).isEqualTo(50);
    }
  }

  @Test
  void concurrentSearchesReturnWhatSequentialOnesDo() throws Exception {
    try (VectorIndex index = newIndex(32, Metric.COSINE)) {
      fill(index, 2000);
      List<float[]> queries = new ArrayList<>();
      List<List<SearchHit>> expected = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        float[] q = TestSeeds.randomVector(random, 32);
        queries.add(q);
        expected.add(index.search(q, 10));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<SearchHit>>> futures = new ArrayList<>();
        for (int rep = 0; rep < 4; rep++) {
          for (float[] q : queries) {
            futures.add(pool.submit(() -> index.search(q, 10)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).as(seedMsg()).isEqualTo(expected.get(i % queries.size()));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
