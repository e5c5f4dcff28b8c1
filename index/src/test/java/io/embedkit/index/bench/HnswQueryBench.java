package io.embedkit.index.bench;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Query-only HNSW timing for development: builds a dataset's index once (saved next to it), then times each
 * efSearch several times and keeps the best pass, so graph changes can be compared without rebuilding.
 * Usage: {@code HnswQueryBench DIR [ef,ef,...] [repeats] [rebuild]}; DIR holds base/query.fvecs, truth.ivecs, metric.
 */
public final class HnswQueryBench {
  private HnswQueryBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String[] efs = (args.length > 1 ? args[1] : "10,16,24,32,64").split(",");
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean rebuild = args.length > 3 && args[3].equals("rebuild");
    Metric metric = Metric.valueOf(Files.readString(dir.resolve("metric")).trim().toUpperCase(java.util.Locale.ROOT));
    List<float[]> queries = io.embedkit.index.store.Texmex.readFvecs(dir.resolve("query.fvecs"));
    List<int[]> truth = io.embedkit.index.store.Texmex.readIvecs(dir.resolve("truth.ivecs"));
    Path file = dir.resolve("index.hnsw");
    HnswIndex index;
    if (Files.exists(file) && !rebuild) {
      long t0 = System.nanoTime();
      index = HnswIndex.load(file);
      System.out.printf("loaded %d in %.2f s%n", index.size(), (System.nanoTime() - t0) / 1e9);
    } else {
      List<float[]> base = io.embedkit.index.store.Texmex.readFvecs(dir.resolve("base.fvecs"));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < base.size(); i++) {
        ids.add(Integer.toString(i));
      }
      index = HnswIndex.create(HnswConfig.of(base.get(0).length, metric));
      long t0 = System.nanoTime();
      index.addAll(ids, base, null, 1);
      System.out.printf("built %d in %.1f s%n", base.size(), (System.nanoTime() - t0) / 1e9);
      index.save(file);
    }
    for (String e : efs) { // warm-up
      run(index, queries, Integer.parseInt(e));
    }
    for (String e : efs) {
      int ef = Integer.parseInt(e);
      double best = 0;
      List<List<SearchHit>> res = null;
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        res = run(index, queries, ef);
        best = Math.max(best, queries.size() / ((System.nanoTime() - t0) / 1e9));
      }
      System.out.printf("ef %4d recall %.4f qps %8.0f%n", ef, recall(res, truth, 10), best);
    }
  }

  private static List<List<SearchHit>> run(HnswIndex index, List<float[]> queries, int ef) {
    List<List<SearchHit>> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      out.add(index.search(q, 10, null, ef));
    }
    return out;
  }

  private static double recall(List<List<SearchHit>> res, List<int[]> truth, int k) {
    double sum = 0;
    for (int q = 0; q < res.size(); q++) {
      Set<Integer> want = new HashSet<>();
      for (int i = 0; i < k; i++) {
        want.add(truth.get(q)[i]);
      }
      for (SearchHit h : res.get(q)) {
        if (want.contains(Integer.parseInt(h.id()))) {
          sum += 1.0 / k;
        }
      }
    }
    return sum / res.size();
  }


}
