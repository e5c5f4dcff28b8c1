package io.embedkit.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import io.embedkit.core.Metric;
import io.embedkit.solr.SolrVectorIndex;
import io.embedkit.solr.testing.SolrTestCluster;
import org.junit.jupiter.api.AfterEach;

/**
 * LangChain4j's own suite for stores with metadata filters (with {@code EmbeddingStoreIT} and
 * {@code EmbeddingStoreWithoutMetadataIT}), unmodified, on a collection of the in-JVM SolrCloud (2 nodes, 2
 * shards, 2 replicas), emptied for each test.
 */
class SolrFilteringStoreTest extends EmbeddingStoreWithFilteringIT {
  private final SolrVectorIndex index;
  private final EmbedkitEmbeddingStore store;

  /** JUnit makes an instance per test: each gets the collection, emptied. */
  SolrFilteringStoreTest() throws Exception {
    index = SolrVectorIndex.connect(SolrTestCluster.collection(384, Metric.COSINE));
    store = new EmbedkitEmbeddingStore(index);
  }

  @AfterEach
  void close() {
    index.close();
  }

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return MiniLm.model();
  }


  /** embedkit translates containsString into a Solr wildcard query, so the suite's contains tests run. */
  @Override
  protected boolean supportsContains() {
    return true;
  }
}
