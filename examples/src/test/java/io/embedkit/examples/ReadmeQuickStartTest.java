package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.Indexes;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.text.TextEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start, as written there, so it cannot rot. */
class ReadmeQuickStartTest {
  @TempDir Path tmp;

  @Test
  void quickStartRunsAsDocumented() throws Exception {
    Path file = tmp.resolve("docs.idx");
    try (TextEncoder encoder = TextEncoder.minilm();                       // all-MiniLM-L6-v2, offline
         EmbeddingStore<String> store = EmbeddingStore.of(encoder, HnswIndex.create(HnswConfig.of(384, Metric.COSINE)))) {
      store.add("1", "Artificial intelligence is revolutionizing healthcare", Map.of("lang", "en"));
      store.add("2", "Healthcare costs continue to rise in many countries", Map.of("lang", "en"));
      List<SearchHit> hits = store.search("AI in medicine", 1);             // hits.get(0).id() == "1"
      store.index().save(file);                                           // atomic, checksummed
      assertThat(hits.get(0).id()).isEqualTo("1");
    }
    assertThat(Indexes.load(file).size()).isEqualTo(2);
  }
}
