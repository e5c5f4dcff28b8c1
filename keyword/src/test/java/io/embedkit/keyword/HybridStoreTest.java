package io.embedkit.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Filter;
import io.embedkit.core.Fusion;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.Metric;
import io.embedkit.core.Reranker;
import io.embedkit.core.SearchHit;
import io.embedkit.core.SearchOptions;
import io.embedkit.core.testing.FakeTextEncoder;
import io.embedkit.core.testing.ShortestFirstReranker;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridStoreTest {
  private static final int DIM = 32;
  @TempDir Path tmp;

  private static final List<String> TEXTS = List.of(
      "Aspirin reduces the risk of a heart attack",
      "The heart pumps blood through the body",
      "A sudden attack of coughing",
      "Roman empire history and its heart in Rome",
      "Panic attack symptoms and treatment",
      "Cardiac arrest is not the same as a heart attack",
      "Blood pressure medicine",
      "The history of medicine");

  private static EmbeddingStore<String> store() {
    EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", DIM),
        FlatIndex.create(DIM, Metric.COSINE), LuceneKeywordIndex.create());
    for (int i = 0; i < TEXTS.size(); i++) {
      store.add("d" + i, TEXTS.get(i), Map.of("even", i % 2 == 0, "i", i));
    }
    return store;
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).collect(Collectors.toList());
  }

  @Test
  void hybridIsTheFusionOfBothRankingsEachKTimesDepthDeep() {
    try (EmbeddingStore<String> store = store()) {
      String q = "heart attack";
      for (Fusion fusion : List.of(Fusion.rrf(), Fusion.rrf(10), Fusion.weighted(0.3))) {
        List<SearchHit> vector = store.search(q, 6, SearchOptions.vector());
        List<SearchHit> keyword = store.search(q, 6, SearchOptions.keyword());
        List<SearchHit> hybrid = store.search(q, 3, SearchOptions.hybrid().fusion(fusion).depth(2));
        assertThat(hybrid).isEqualTo(fusion.fuse(List.of(vector, keyword), 3));
      }
      List<SearchHit> keyword = store.search(q, 10, SearchOptions.keyword());
      assertThat(ids(keyword)).startsWith("d0").contains("d5", "d1", "d2", "d4").doesNotContain("d6", "d7");
      assertThat(keyword.get(0).text()).isEqualTo(TEXTS.get(0));
      assertThat(keyword.get(0).metadata()).isEqualTo(Map.of("even", true, "i", 0L));
    }
  }

  @Test
  void filtersApplyToBothSides() {
    try (EmbeddingStore<String> store = store()) {
      Filter odd = Filter.eq("even", false);
      List<SearchHit> vector = store.search("heart attack", 10, SearchOptions.vector().filter(odd));
      List<SearchHit> keyword = store.search("heart attack", 10, SearchOptions.keyword().filter(odd));
      List<SearchHit> hybrid = store.search("heart attack", 10, SearchOptions.hybrid().filter(odd));
      for (List<SearchHit> hits : List.of(vector, keyword, hybrid)) {
        assertThat(hits).isNotEmpty().allSatisfy(h -> assertThat(h.metadata().get("even")).isEqualTo(false));
      }
      assertThat(hybrid).isEqualTo(Fusion.rrf().fuse(List.of(vector, keyword), 10));
    }
  }

  @Test
  void addsUpsertsAndRemovesKeepBothIndexesInStep() {
    try (EmbeddingStore<String> store = store()) {
      KeywordIndex keywords = store.keywordIndex().orElseThrow();
      store.add("d0", "Completely different words now", Map.of("even", true));
      assertThat(ids(store.search("aspirin", 10, SearchOptions.keyword()))).isEmpty();
      assertThat(ids(store.search("completely different", 1, SearchOptions.keyword()))).containsExactly("d0");
      assertThat(store.remove("d1")).isTrue();
      assertThat(keywords.contains("d1")).isFalse();
      assertThat(store.index().contains("d1")).isFalse();
      assertThat(keywords.size()).isEqualTo(store.size()).isEqualTo(TEXTS.size() - 1);
      assertThat(ids(store.search("pumps blood", 10, SearchOptions.hybrid()))).doesNotContain("d1");
    }
  }

  @Test
  void rerankerReordersTheFirstHitsAndTheRestFollow() {
    Reranker byLength = new ShortestFirstReranker(); // the shorter the passage, the better
    try (EmbeddingStore<String> store = store()) {
      List<SearchHit> plain = store.search("heart attack", 6, SearchOptions.hybrid());
      List<SearchHit> reranked = store.search("heart attack", 6, SearchOptions.hybrid().rerank(byLength, 4));
      List<SearchHit> firstFour = plain.subList(0, 4).stream()
          .sorted(java.util.Comparator.comparingInt(h -> h.text().length())).collect(Collectors.toList());
      assertThat(ids(reranked.subList(0, 4))).isEqualTo(ids(firstFour));
      assertThat(reranked.subList(4, 6)).isEqualTo(plain.subList(4, 6));
      assertThat(reranked.get(0).score()).isEqualTo(-reranked.get(0).text().length());
      // the reranker reads more hits than are returned: the best of 8 by length comes first
      List<SearchHit> deep = store.search("heart attack", 1, SearchOptions.keyword().rerank(byLength, 8));
      String shortest = store.search("heart attack", 8, SearchOptions.keyword()).stream()
          .min(java.util.Comparator.comparingInt(h -> h.text().length())).orElseThrow().id();
      assertThat(ids(deep)).containsExactly(shortest);
    }
  }

  /** Keyword hits take their text from the vector index, else (an index without texts) from the keyword index. */
  @Test
  void keywordHitsCarryTheirTextFromEitherIndex() {
    try (EmbeddingStore<String> store = store()) {
      store.index().add("bare", new float[DIM], Map.of()); // a vector without text, as a remote index may hold
      store.keywordIndex().orElseThrow().add("bare", "a lonely zebra", Map.of());
      assertThat(store.search("zebra", 1, SearchOptions.keyword()).get(0).text()).isEqualTo("a lonely zebra");
      assertThat(store.keywordIndex().orElseThrow().text("d0")).contains(TEXTS.get(0));
      assertThat(store.keywordIndex().orElseThrow().text("none")).isEmpty();
    }
  }

  @Test
  void keywordModesNeedAKeywordIndexAndTextQueries() {
    try (EmbeddingStore<String> plain = EmbeddingStore.of(new FakeTextEncoder("fake", DIM),
        FlatIndex.create(DIM, Metric.COSINE))) {
      plain.add("1", "text");
      assertThatThrownBy(() -> plain.search("text", 1, SearchOptions.hybrid()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("keyword index");
      assertThat(plain.search("text", 1, SearchOptions.vector())).hasSize(1);
    }
  }

  @Test
  void savesBothIndexesAsOnePairAndLoadsThem() throws IOException {
    Path folder = tmp.resolve("store");
    List<SearchHit> hybrid;
    try (EmbeddingStore<String> store = store()) {
      hybrid = store.search("heart attack", 5, SearchOptions.hybrid());
      store.save(folder);
      store.add("new", "heart attack heart attack", Map.of());
      store.save(folder); // a second generation replaces the first
    }
    try (EmbeddingStore<String> loaded = EmbeddingStore.load(folder, new FakeTextEncoder("fake", DIM))) {
      assertThat(loaded.keywordIndex()).isPresent();
      assertThat(loaded.size()).isEqualTo(TEXTS.size() + 1);
      assertThat(loaded.remove("new")).isTrue();
      assertThat(loaded.search("heart attack", 5, SearchOptions.hybrid())).isEqualTo(hybrid);
    }
    try (var entries = Files.list(folder)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted()).containsExactly("CURRENT", "g-2");
    }
  }

  /** A save that fails half way (the keyword side failing after the vectors are written) leaves the old pair. */
  @Test
  void aFailedSaveLeavesThePreviousPair() throws IOException {
    Path folder = tmp.resolve("store");
    try (EmbeddingStore<String> store = store()) {
      store.save(folder);
    }
    LuceneKeywordIndex real = LuceneKeywordIndex.create();
    KeywordIndex failing = new ForwardingKeywordIndex(real) {
      @Override
      public void save(Path dir) throws IOException {
        real.save(dir);
        Files.writeString(dir.resolve("partial"), "x");
        throw new IOException("disk full");
      }
    };
    try (EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", DIM),
        FlatIndex.create(DIM, Metric.COSINE), failing)) {
      store.add("only", "a single other item");
      assertThatThrownBy(() -> store.save(folder)).isInstanceOf(IOException.class).hasMessage("disk full");
    }
    // a crash would also leave a generation CURRENT does not name: loading ignores it, the next save removes it
    Files.createDirectories(folder.resolve("g-7/keyword"));
    try (EmbeddingStore<String> loaded = EmbeddingStore.load(folder, new FakeTextEncoder("fake", DIM))) {
      assertThat(loaded.size()).isEqualTo(TEXTS.size());
      assertThat(loaded.keywordIndex().orElseThrow().size()).isEqualTo(TEXTS.size());
      loaded.save(folder);
    }
    try (var entries = Files.list(folder)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted()).containsExactly("CURRENT", "g-8");
    }
    Files.writeString(folder.resolve("CURRENT"), "garbage\n");
    assertThatThrownBy(() -> EmbeddingStore.load(folder, new FakeTextEncoder("fake", DIM)))
        .isInstanceOf(IndexCorruptedException.class).hasMessageContaining("CURRENT");
  }

  /** Passes every call to another index, so a test can replace one. */
  private static class ForwardingKeywordIndex implements KeywordIndex {
    private final KeywordIndex delegate;

    ForwardingKeywordIndex(KeywordIndex delegate) {
      this.delegate = delegate;
    }

    @Override
    public void add(String id, String text, Map<String, ?> metadata) {
      delegate.add(id, text, metadata);
    }

    @Override
    public boolean remove(String id) {
      return delegate.remove(id);
    }

    @Override
    public boolean contains(String id) {
      return delegate.contains(id);
    }

    @Override
    public Optional<Map<String, Object>> metadata(String id) {
      return delegate.metadata(id);
    }

    @Override
    public Optional<String> text(String id) {
      return delegate.text(id);
    }

    @Override
    public List<SearchHit> search(String query, int k, Filter filter) {
      return delegate.search(query, k, filter);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public void save(Path folder) throws IOException {
      delegate.save(folder);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
