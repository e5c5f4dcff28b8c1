package io.embedkit.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexLoader;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.solr.testing.SolrTestCluster;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.testing.TestSeeds;
import io.embedkit.index.flat.FlatIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SolrCloud behaviour beyond the contract: shards, exactness against the flat index, a node going down. */
class SolrCloudTest {
  @TempDir Path tmp;

  private static void fill(VectorIndex a, VectorIndex b, int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      float[] v = TestSeeds.randomVector(r, dim);
      Map<String, String> meta = Map.of("colour", i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue",
          "size", i % 2 == 0 ? "s" : "l", "naïve key", "v" + (i % 5));
      a.add("doc-" + i, v, meta);
      b.add("doc-" + i, v, meta);
    }
  }

  @Test
  void resultsEqualTheFlatIndexAcrossShardsAndSurviveANodeGoingDown() throws Exception {
    SolrIndexConfig config = SolrTestCluster.create("spread", 16, Metric.COSINE, 2, 2);
    try (SolrVectorIndex solr = SolrVectorIndex.connect(config);
        FlatIndex flat = FlatIndex.create(16, Metric.COSINE)) {
      fill(solr, flat, 400, 16, 11);
      assertThat(solr.size()).isEqualTo(400);
      // documents are spread over both shards
      for (String shard : List.of("shard1", "shard2")) {
        SolrQuery q = new SolrQuery("*:*");
        q.set("shards", shard);
        q.setRows(0);
        long n = SolrTestCluster.get().getSolrClient().query("spread", q).getResults().getNumFound();
        assertThat(n).as(shard).isBetween(100L, 300L);
      }
      SplittableRandom r = new SplittableRandom(5);
      List<float[]> queries = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        queries.add(TestSeeds.randomVector(r, 16));
      }
      List<Filter> filters = java.util.Arrays.asList(null, Filter.metadataEquals("colour", "red"),
          Filter.metadataEquals("colour", "red").or(Filter.metadataEquals("size", "s")),
          Filter.metadataEquals("size", "l").and(Filter.metadataEquals("colour", "blue").negate()),
          Filter.metadataEquals("naïve key", "v2"), Filter.idIn(List.of("doc-1", "doc-2", "doc-399")),
          (id, meta) -> id.endsWith("7")); // not a factory filter: applied to the hits
      for (float[] q : queries) {
        for (Filter f : filters) {
          assertThat(ids(solr.search(q, 10, f))).as("filter %s", f).isEqualTo(ids(flat.search(q, 10, f)));
        }
      }
      List<List<String>> before = new java.util.ArrayList<>();
      for (float[] q : queries) {
        before.add(ids(solr.search(q, 10)));
      }
      // one node down: every shard still has a replica on the other node
      JettySolrRunner stopped = SolrTestCluster.get().stopJettySolrRunner(1);
      try {
        SolrTestCluster.get().waitForJettyToStop(stopped);
        assertThat(solr.size()).isEqualTo(400);
        for (int i = 0; i < queries.size(); i++) {
          assertThat(ids(solr.search(queries.get(i), 10))).isEqualTo(before.get(i));
        }
      } finally {
        SolrTestCluster.get().startJettySolrRunner(stopped);
        SolrTestCluster.get().waitForActiveCollection("spread", 60, java.util.concurrent.TimeUnit.SECONDS, 2, 4);
      }
      assertThat(solr.size()).isEqualTo(400);
    }
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }

  @Test
  void aCollectionOfAnotherShapeIsRefusedAndTheLocationFormIsRead() throws Exception {
    SolrIndexConfig config = SolrTestCluster.collection(12, Metric.L2);
    SolrIndexConfig wrong = new SolrIndexConfig(config.solrUrls(), config.collection(), 13, Metric.L2, 16, 200);
    assertThatThrownBy(() -> SolrVectorIndex.connect(wrong)).isInstanceOf(InvalidInputException.class)
        .hasMessage("collection '" + config.collection() + "' holds vectors of dimension 12 with similarity"
            + " euclidean, not dimension 13 with euclidean");
    String url = config.solrUrls().get(0);
    String location = "solr://" + url.substring("http://".length(), url.length() - "/solr".length()) + "/"
        + config.collection();
    try (SolrVectorIndex byLocation = SolrVectorIndex.connect(location)) {
      assertThat(byLocation.dimension()).isEqualTo(12);
      assertThat(byLocation.metric()).isEqualTo(Metric.L2);
      byLocation.add("a", new float[12]);
      Path file = tmp.resolve("solr.idx");
      byLocation.save(file);
      try (VectorIndex any = IndexLoader.loadAny(file)) { // found through ServiceLoader
        assertThat(any).isInstanceOf(SolrVectorIndex.class);
        assertThat(any.contains("a")).isTrue();
      }
    }
    assertThatThrownBy(() -> SolrIndexConfig.parseLocation("http://x/y")).hasMessageContaining("solr://host:port");
    assertThatThrownBy(() -> SolrIndexConfig.of(url, "x", 4, Metric.L1)).hasMessageContaining("no L1");
    SolrIndexConfig fromSpace = SolrIndexConfig.of(url, "x", new io.embedkit.core.EmbeddingSpace("m", 384, true,
        Metric.COSINE));
    assertThat(fromSpace.dimension()).isEqualTo(384);
    assertThat(fromSpace.metric()).isEqualTo(Metric.COSINE);
  }

  @Test
  void guiceBindsTheSolrIndex() throws Exception {
    SolrIndexConfig config = SolrTestCluster.collection(4, Metric.DOT);
    VectorIndex index = Guice.createInjector(new SolrIndexModule(config)).getInstance(VectorIndex.class);
    try (index) {
      index.add("x", new float[] {1, 2, 3, 4});
      assertThat(index.search(new float[] {1, 0, 0, 0}, 1).get(0).score()).isEqualTo(1f);
    }
  }
}
