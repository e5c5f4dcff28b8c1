package io.embedkit.solr;

import io.embedkit.core.Metric;
import io.embedkit.solr.testing.SolrTestCluster;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.testing.VectorIndexContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The VectorIndex contract, on a 2-node SolrCloud with collections of 2 shards and 2 replicas. */
class SolrVectorIndexContractTest extends VectorIndexContractTest {
  @Override
  protected VectorIndex newIndex(int dimension, Metric metric) {
    try {
      return SolrVectorIndex.connect(SolrTestCluster.collection(dimension, metric));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected VectorIndex load(Path path) throws IOException {
    return SolrVectorIndex.load(path);
  }

  @Override
  protected List<Metric> metrics() {
    return List.of(Metric.COSINE, Metric.DOT, Metric.L2);
  }

  @Override
  protected double minimumRecall() {
    return 0.95; // Lucene's HNSW per shard
  }
}
