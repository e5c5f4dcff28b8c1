package io.embedkit.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import io.embedkit.core.Metric;
import io.embedkit.index.flat.FlatIndex;

/**
 * LangChain4j's own suite for stores with metadata filters (which includes {@code EmbeddingStoreIT} and
 * {@code EmbeddingStoreWithoutMetadataIT}), unmodified, on a fresh flat index per test.
 */
class FlatFilteringStoreTest extends EmbeddingStoreWithFilteringIT {
  private final EmbedkitEmbeddingStore store = new EmbedkitEmbeddingStore(FlatIndex.create(384, Metric.COSINE));

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return MiniLm.model();
  }

  /** embedkit evaluates containsString, so the suite's contains tests run (and its "not supported" one not). */
  @Override
  protected boolean supportsContains() {
    return true;
  }
}
