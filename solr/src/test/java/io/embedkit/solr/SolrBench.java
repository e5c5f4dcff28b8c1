package io.embedkit.solr;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.solr.testing.SolrTestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SolrCloud (2 nodes in this JVM, 2 shards x 1 replica) against the in-process HNSW index on the same vectors:
 * {@code BASE.fvecs QUERY.fvecs N METRIC}. Indexing rate (until searchable), single-thread query latency
 * p50/p99 at k = 10 over the queries, and recall@10 against exact search. Both use M 16, efConstruction 200
 * and explore 100 candidates per query (Solr's topK, HNSW's efSearch). Prints one JSON line per index.
 */
public final class SolrBench {
  private SolrBench() {}

  public static void main(String[] args) throws Exception {
    List<float[]> base = io.embedkit.index.store.Texmex.readFvecs(Path.of(args[0]), Integer.parseInt(args[2]));
    List<float[]> queries = io.embedkit.index.store.Texmex.readFvecs(Path.of(args[1]), 1000);
    Metric metric = Metric.parse(args[3]);
    int dim = base.get(0).length;
    List<Set<String>> truth = new ArrayList<>();
    try (FlatIndex flat = FlatIndex.create(dim, metric)) {
      for (int i = 0; i < base.size(); i++) {
        flat.add(Integer.toString(i), base.get(i));
      }
      for (float[] q : queries) {
        Set<String> t = new HashSet<>();
        flat.search(q, 10).forEach(h -> t.add(h.id()));
        truth.add(t);
      }
    }
    // in-process HNSW
    HnswIndex hnsw = HnswIndex.create(HnswConfig.of(dim, metric).withGraph(16, 200));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      ids.add(Integer.toString(i));
    }
    long t0 = System.nanoTime();
    hnsw.addAll(ids, base, java.util.Collections.nCopies(base.size(), java.util.Map.of()), 1);
    double hnswBuild = (System.nanoTime() - t0) / 1e9;
    report("embedkit HNSW (in-process, 1 thread)", base.size(), hnswBuild, queries, truth,
        q -> hnsw.search(q, 10, null, 100));
    hnsw.close();
    // SolrCloud
    SolrIndexConfig config = SolrTestCluster.create("bench", dim, metric, 2, 1);
    try (SolrVectorIndex solr = SolrVectorIndex.connect(config)) {
      t0 = System.nanoTime();
      for (int i = 0; i < base.size(); i++) {
        solr.add(ids.get(i), base.get(i));
      }
      int n = solr.size(); // sends the rest and commits: searchable from here
      double solrBuild = (System.nanoTime() - t0) / 1e9;
      if (n != base.size()) {
        throw new IllegalStateException("Solr holds " + n + " of " + base.size());
      }
      report("SolrCloud 9.10 (2 nodes, 2 shards x 1 replica)", n, solrBuild, queries, truth, q -> solr.search(q, 10));
    }
    SolrTestCluster.get().shutdown();
    System.exit(0);
  }

  interface Search {
    List<SearchHit> run(float[] q);
  }

  static void report(String impl, int n, double buildSeconds, List<float[]> queries, List<Set<String>> truth,
      Search search) {
    for (int i = 0; i < 200; i++) { // warm-up
      search.run(queries.get(i % queries.size()));
    }
    double[] ms = new double[queries.size()];
    double recall = 0;
    for (int i = 0; i < queries.size(); i++) {
      long t = System.nanoTime();
      List<SearchHit> hits = search.run(queries.get(i));
      ms[i] = (System.nanoTime() - t) / 1e6;
      Set<String> want = truth.get(i);
      recall += hits.stream().filter(h -> want.contains(h.id())).count() / 10.0;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "{\"impl\": \"%s\", \"vectors\": %d, \"buildSeconds\": %.1f, \"docsPerSecond\": %.0f,"
        + " \"p50ms\": %.3f, \"p99ms\": %.3f, \"recall10\": %.4f}%n", impl, n, buildSeconds, n / buildSeconds,
        ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1], recall / queries.size());
  }
}
