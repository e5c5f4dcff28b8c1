package io.embedkit.cli;

import io.embedkit.core.DimensionMismatchException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds an HNSW index over base vectors and measures recall@k and queries per second per efSearch; the
 * queries run {@code repeat} times per efSearch and the fastest pass counts, as in ann-benchmarks. The index
 * searched is the one saved and loaded back, as a served index is, unless asked for the one as built.
 */
final class AnnBenchmark {
  private AnnBenchmark() {}

  static List<Map<String, Object>> run(List<float[]> base, List<float[]> queries, List<int[]> truth, int k,
      HnswConfig config, List<Integer> efSearch, int threads, int repeat, boolean reload, java.io.PrintWriter out)
      throws Exception {
    Metric metric = config.metric();
    int m = config.m();
    int efConstruction = config.efConstruction();
    if (base.isEmpty() || queries.isEmpty()) {
      throw new InvalidInputException("the base and the queries must not be empty");
    }
    int dim = base.get(0).length;
    if (queries.get(0).length != dim) {
      throw new DimensionMismatchException("queries", dim, queries.get(0).length);
    }
    if (truth.size() < queries.size()) {
      throw new InvalidInputException("ground truth has " + truth.size() + " rows for " + queries.size() + " queries");
    }
    for (int[] t : truth.subList(0, queries.size())) {
      if (t.length < k) {
        throw new InvalidInputException("ground truth rows hold " + t.length + " ids, fewer than k=" + k);
      }
    }
    List<String> ids = new ArrayList<>(base.size());
    for (int i = 0; i < base.size(); i++) {
      ids.add(Integer.toString(i));
    }
    if (config.dimension() != dim) {
      throw new DimensionMismatchException("base", config.dimension(), dim);
    }
    HnswIndex index = HnswIndex.create(config);
    long t0 = System.nanoTime();
    index.addAll(ids, base, null, threads);
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long bytes = index.ramBytesUsed();
    long heap = index.vectorAndGraphBytes();
    long offHeap = index.offHeapBytes();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("embedkit-ann", ".idx");
    long fileBytes;
    try {
      index.save(file);
      fileBytes = java.nio.file.Files.size(file);
      if (reload) { // what is reported is what is searched: a loaded index may hold its graph packed
        HnswIndex built = index;
        index = HnswIndex.load(file);
        built.close();
        bytes = index.ramBytesUsed();
        heap = index.vectorAndGraphBytes();
        offHeap = index.offHeapBytes();
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    String quantization = config.quantization().name().toLowerCase(java.util.Locale.ROOT);
    out.printf("built %d x %d %s, m=%d efConstruction=%d, %s, %d thread(s): %.2f s, %.1f MiB; per vector: heap"
        + " (vectors or codes and graph) %.0f B, off-heap %.0f B, file %.0f B%n", base.size(), dim, metric, m,
        efConstruction, quantization, threads, buildSeconds, bytes / 1048576.0, heap / (double) base.size(),
        offHeap / (double) base.size(), fileBytes / (double) base.size());
    out.println(reload ? "searching the saved index, loaded back (the sizes above are its)"
        : "searching the index as built");
    runQueries(index, queries, k, efSearch.get(0), threads); // warm-up
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int ef : efSearch) {
      List<List<SearchHit>> results = null;
      double seconds = Double.MAX_VALUE;
      for (int r = 0; r < repeat; r++) {
        long q0 = System.nanoTime();
        results = runQueries(index, queries, k, ef, threads);
        seconds = Math.min(seconds, (System.nanoTime() - q0) / 1e9);
      }
      double recall = recall(results, truth, k);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("efSearch", ef);
      row.put("k", k);
      row.put("recall", recall);
      row.put("qps", queries.size() / seconds);
      row.put("threads", threads);
      row.put("repeat", repeat);
      row.put("buildSeconds", buildSeconds);
      row.put("indexBytes", bytes);
      row.put("quantization", quantization);
      row.put("java", Runtime.version().feature());
      row.put("oversample", config.rescoreFactor());
      row.put("heapBytesPerVector", heap / (double) base.size());
      row.put("offHeapBytesPerVector", offHeap / (double) base.size());
      row.put("fileBytesPerVector", fileBytes / (double) base.size());
      row.put("searched", reload ? "loaded" : "built");
      row.put("m", m);
      row.put("efConstruction", efConstruction);
      row.put("metric", metric.name().toLowerCase(java.util.Locale.ROOT));
      row.put("size", base.size());
      row.put("dimension", dim);
      rows.add(row);
      out.printf("efSearch %4d: recall@%d %.4f, %9.1f queries/s%n", ef, k, recall, queries.size() / seconds);
      out.flush();
    }
    return rows;
  }

  private static List<List<SearchHit>> runQueries(HnswIndex index, List<float[]> queries, int k, int ef,
      int threads) throws Exception {
    List<List<SearchHit>> results = new ArrayList<>(java.util.Collections.nCopies(queries.size(), null));
    if (threads <= 1) {
      for (int i = 0; i < queries.size(); i++) {
        results.set(i, index.search(queries.get(i), k, null, ef));
      }
      return results;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < queries.size()) {
            results.set(i, index.search(queries.get(i), k, null, ef));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  static double recall(List<List<SearchHit>> results, List<int[]> truth, int k) {
    double sum = 0;
    for (int q = 0; q < results.size(); q++) {
      java.util.Set<Integer> want = new java.util.HashSet<>();
      for (int i = 0; i < k; i++) {
        want.add(truth.get(q)[i]);
      }
      int hit = 0;
      for (SearchHit h : results.get(q)) {
        if (want.contains(Integer.parseInt(h.id()))) {
          hit++;
        }
      }
      sum += hit / (double) k;
    }
    return sum / results.size();
  }

  /** Exact top-k row ids of every query, by the flat index. */
  static List<int[]> groundTruth(List<float[]> base, List<float[]> queries, int k, Metric metric) {
    FlatIndex flat = FlatIndex.create(base.get(0).length, metric);
    for (int i = 0; i < base.size(); i++) {
      flat.add(Integer.toString(i), base.get(i));
    }
    List<int[]> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      List<SearchHit> hits = flat.search(q, k);
      int[] row = new int[hits.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = Integer.parseInt(hits.get(i).id());
      }
      out.add(row);
    }
    return out;
  }
}
