package io.embedkit.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.embedkit.core.DimensionMismatchException;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Filter;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.guice.EmbeddingStoreModule;
import io.embedkit.core.testing.FakeTextEncoder;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.flat.FlatIndexConfig;
import io.embedkit.index.flat.FlatIndexModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingStoreTest {
  private static final List<String> SENTENCES = List.of(
      "Artificial intelligence is revolutionizing healthcare",
      "Machine learning models require significant data for training",
      "Neural networks have multiple layers of computational nodes",
      "Healthcare costs continue to rise in many countries",
      "Data privacy is a major concern in medical applications");

  private static EmbeddingStore<String> filledStore() {
    EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 64),
        FlatIndex.create(64, Metric.COSINE));
    for (int i = 0; i < SENTENCES.size(); i++) {
      store.add("s" + i, SENTENCES.get(i), Map.of("topic", i % 2 == 0 ? "health" : "ml"));
    }
    return store;
  }

  @Test
  void guiceWiresTheFlatIndexAndAnEncoderThroughTheStore() {
    Injector injector = Guice.createInjector(
        new FlatIndexModule(new FlatIndexConfig(64, Metric.COSINE)),
        binder -> binder.bind(new TypeLiteral<Encoder<String>>() {}).toInstance(new FakeTextEncoder("fake", 64)),
        EmbeddingStoreModule.of(String.class),
        EmbeddingStoreModule.of(String.class)); // installing an equal module twice is harmless
    EmbeddingStore<String> store = injector.getInstance(new Key<EmbeddingStore<String>>() {});
    assertThat(injector.getInstance(new Key<EmbeddingStore<String>>() {})).isSameAs(store);
    assertThat(store.index()).isSameAs(injector.getInstance(VectorIndex.class));
    assertThat(store.index()).isInstanceOf(FlatIndex.class);
    store.add("doc", "healthcare costs");
    assertThat(store.search("healthcare", 1).get(0).id()).isEqualTo("doc");
  }

  @Test
  void searchesByItemWithAndWithoutMetadataFilters() {
    try (EmbeddingStore<String> store = filledStore()) {
      assertThat(store.size()).isEqualTo(5);
      assertThat(store.search("Healthcare costs continue to rise in many countries", 1))
          .extracting(SearchHit::id).containsExactly("s3");
      List<SearchHit> ml = store.search("data", 5, Filter.metadataEquals("topic", "ml"));
      assertThat(ml).extracting(SearchHit::id).containsExactlyInAnyOrder("s1", "s3");
      assertThat(store.remove("s3")).isTrue();
      assertThat(store.search("Healthcare costs continue to rise in many countries", 5))
          .extracting(SearchHit::id).doesNotContain("s3");
    }
  }

  @Test
  void addAllEmbedsInOneBatchAndRejectsBadEntriesBeforeChangingAnything() {
    FakeTextEncoder encoder = new FakeTextEncoder("fake", 16);
    EmbeddingStore<String> store = EmbeddingStore.of(encoder, FlatIndex.create(16, Metric.COSINE));
    store.addAll(List.of(EmbeddingStore.Entry.of("a", "one"), EmbeddingStore.Entry.of("b", "two")));
    assertThat(store.size()).isEqualTo(2);
    assertThatThrownBy(() -> store.addAll(List.of(EmbeddingStore.Entry.of("c", "three"),
        EmbeddingStore.Entry.of("c", "again"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("id 'c' appears twice, again at position 1");
    assertThatThrownBy(() -> store.addAll(List.of(EmbeddingStore.Entry.of("d", "four"),
        new EmbeddingStore.Entry<>("e", null, Map.of()))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("entry at position 1 is null or has a null item");
    assertThatThrownBy(() -> EmbeddingStore.Entry.of(" ", "x"))
        .isInstanceOf(InvalidInputException.class).hasMessage("id must not be blank, was ' '");
    assertThat(store.size()).isEqualTo(2);
    store.close();
    assertThat(encoder.isClosed()).isTrue();
  }

  @Test
  void queriesFromAnotherEncoderNeedTheSameSpace() {
    try (EmbeddingStore<String> store = filledStore()) {
      FakeTextEncoder sameSpace = new FakeTextEncoder("fake", 64);
      assertThat(store.search(sameSpace, "Healthcare costs continue to rise in many countries", 1, null))
          .extracting(SearchHit::id).containsExactly("s3");
      FakeTextEncoder otherSpace = new FakeTextEncoder("other", 64);
      assertThatThrownBy(() -> store.search(otherSpace, "x", 1, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("query encoder produces vectors of space 'other' (dimension 64, normalized, COSINE),"
              + " which cannot be compared with space 'fake' (dimension 64, normalized, COSINE)");
      assertThatThrownBy(() -> store.search("x", 0)).isInstanceOf(InvalidInputException.class)
          .hasMessage("k must be positive, was 0");
    }
  }

  @Test
  void mixingSpacesIsRefusedUnlessAskedFor() {
    FlatIndex index = FlatIndex.create(64, Metric.COSINE);
    try (EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 64), index)) {
      store.add("a", "Healthcare costs continue to rise in many countries");
      FakeTextEncoder other = new FakeTextEncoder("other", 64);
      assertThatThrownBy(() -> EmbeddingStore.of(other, index)).isInstanceOf(InvalidInputException.class);
      EmbeddingStore<String> mixed = EmbeddingStore.of(other, index, EmbeddingStore.SpaceCheck.ALLOW_MISMATCH);
      assertThat(mixed.search("x", 1)).extracting(SearchHit::id).containsExactly("a");
      assertThat(index.space()).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("fake"));
      FlatIndex otherDim = FlatIndex.create(8, Metric.COSINE);
      assertThatThrownBy(() -> EmbeddingStore.of(other, otherDim, EmbeddingStore.SpaceCheck.ALLOW_MISMATCH))
          .isInstanceOf(io.embedkit.core.DimensionMismatchException.class);
    }
  }

  @Test
  void anEncoderAndIndexOfDifferentDimensionsFailFast() {
    assertThatThrownBy(() -> EmbeddingStore.of(new FakeTextEncoder("fake", 8), FlatIndex.create(9, Metric.DOT)))
        .isInstanceOf(DimensionMismatchException.class)
        .hasMessage("encoder of space 'fake' (dimension 8, normalized, COSINE) for an index has dimension 8,"
            + " expected 9");
  }

  @Test
  void aSavedStoreLoadsWithItsSpaceAndRefusesAnotherModel(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path file = tmp.resolve("store.idx");
    for (VectorIndex index : List.of(FlatIndex.create(64, Metric.COSINE),
        io.embedkit.index.hnsw.HnswIndex.create(io.embedkit.index.hnsw.HnswConfig.of(64, Metric.COSINE)))) {
      try (EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 64), index)) {
        for (int i = 0; i < SENTENCES.size(); i++) {
          store.add("s" + i, SENTENCES.get(i), Map.of("topic", i % 2 == 0 ? "health" : "ml"));
        }
        store.save(file);
        List<SearchHit> before = store.search("AI in medicine", 3);
        try (EmbeddingStore<String> loaded = EmbeddingStore.load(file, new FakeTextEncoder("fake", 64))) {
          assertThat(loaded.index().getClass()).isEqualTo(index.getClass());
          assertThat(loaded.space()).isEqualTo(store.space());
          assertThat(loaded.index().space()).contains(store.space());
          assertThat(loaded.size()).isEqualTo(SENTENCES.size());
          assertThat(loaded.index().metadata("s2")).contains(Map.of("topic", "health"));
          assertThat(loaded.search("AI in medicine", 3)).isEqualTo(before);
        }
      }
      FakeTextEncoder other = new FakeTextEncoder("other-model", 64);
      assertThatThrownBy(() -> EmbeddingStore.load(file, other))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'other-model'").hasMessageContaining("'fake'");
      assertThat(other.isClosed()).isFalse();
      assertThatThrownBy(() -> EmbeddingStore.load(file, new FakeTextEncoder("fake", 32)))
          .isInstanceOf(DimensionMismatchException.class);
    }
    assertThatThrownBy(() -> EmbeddingStore.load(tmp.resolve("missing.idx"), new FakeTextEncoder("fake", 64)))
        .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("missing.idx");
  }

  @Test
  void addingTenThousandItemsReportsProgress() {
    List<EmbeddingStore.Entry<String>> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      entries.add(EmbeddingStore.Entry.of("id" + i, "item number " + i));
    }
    List<Long> reports = new java.util.ArrayList<>();
    try (EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 16),
        FlatIndex.create(16, Metric.COSINE))) {
      store.addAll(entries, (done, total) -> {
        assertThat(total).isEqualTo(10_000);
        reports.add(done);
      });
      assertThat(store.size()).isEqualTo(10_000);
    }
    assertThat(reports).hasSizeGreaterThan(10).isSorted();
    assertThat(reports.get(0)).isLessThan(10_000);
    assertThat(reports.get(reports.size() - 1)).isEqualTo(10_000);
  }

  @Test
  void fileQueriesNeedAFileEncoderAndIndexesOpenByLocation(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    try (EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 8),
        FlatIndex.create(8, Metric.COSINE))) {
      store.add("a", "alpha");
      assertThatThrownBy(() -> store.searchFile(tmp.resolve("q.png"), 1, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("the encoder of space 'fake' (dimension 8, normalized, COSINE) reads no files; search with"
              + " an item");
      store.save(tmp.resolve("s.idx"));
    }
    try (VectorIndex reopened = io.embedkit.core.IndexLoader.openAny(tmp.resolve("s.idx").toString())) {
      assertThat(reopened.size()).isEqualTo(1);
      assertThat(reopened.contains("a")).isTrue();
    }
    assertThatThrownBy(() -> io.embedkit.core.IndexLoader.openAny(tmp.resolve("none.idx").toString()))
        .isInstanceOf(InvalidInputException.class).hasMessage("index file " + tmp.resolve("none.idx")
            + ": does not exist");
    assertThatThrownBy(() -> io.embedkit.core.IndexLoader.openAny("nosuch://host/collection"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("no index module on the classpath opens 'nosuch://host/collection' (solr:// needs"
            + " io.embedkit:embedkit-solr)");
  }
}
