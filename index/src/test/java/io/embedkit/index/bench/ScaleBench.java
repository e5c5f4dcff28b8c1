package io.embedkit.index.bench;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.Vectors;
import io.embedkit.core.vector.Kernels;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.index.hnsw.HnswQuantization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * bench/scale-int8.sh: an int8 HNSW index of N clustered unit vectors (generated here, batch by batch, so the
 * heap never holds their floats) built with 2 threads, saved, loaded back; build time, recall@10 and QPS (one
 * query thread) per efSearch against exact search, heap after a full GC, file size. Arguments: N DIM FILE
 * [M EF_CONSTRUCTION [search]] ("search": search the FILE an earlier run built, without building). Prints JSON
 * lines.
 */
public final class ScaleBench {
  private static final int CLUSTERS = 2000;
  private static final int QUERIES = 200;

  private ScaleBench() {}

  /** Item {@code i}: a unit vector near one of the clusters' centres, the same for the same i. */
  static float[] item(long i, int dim, float[][] centres) {
    SplittableRandom r = new SplittableRandom(0x5EED ^ (i * 0x9E3779B97F4A7C15L));
    float[] c = centres[r.nextInt(centres.length)];
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = c[d] + (float) (r.nextGaussian() * 0.6 / Math.sqrt(dim));
    }
    return Vectors.normalized(v);
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    Path file = Path.of(args[2]);
    int m = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    int efc = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    SplittableRandom r = new SplittableRandom(7);
    float[][] centres = new float[CLUSTERS][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
      Vectors.normalizeInPlace(c);
    }
    if (args.length > 5 && args[5].equals("search")) { // an index this bench built before: search it only
      search(file, n, dim, centres);
      return;
    }
    HnswConfig config = HnswConfig.of(dim, Metric.COSINE).withGraph(m, efc).withQuantization(HnswQuantization.INT8);
    long t0 = System.nanoTime();
    double lastReport = 0;
    try (HnswIndex index = HnswIndex.create(config)) {
      int batch = 50_000;
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        List<String> ids = new ArrayList<>(to - from);
        List<float[]> vs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          ids.add(Integer.toString(i));
          vs.add(item(i, dim, centres));
        }
        index.addAll(ids, vs, null, 2);
        double s = (System.nanoTime() - t0) / 1e9;
        if (s - lastReport > 60 || to == n) {
          lastReport = s;
          System.out.printf(Locale.ROOT, "{\"built\": %d, \"seconds\": %.1f, \"heapMiB\": %.0f}%n", to, s,
              usedHeap() / 1048576.0);
        }
      }
      double build = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      index.save(file);
      double save = (System.nanoTime() - t1) / 1e9;
      System.out.printf(Locale.ROOT, "{\"case\": \"build\", \"n\": %d, \"dim\": %d, \"m\": %d, \"efConstruction\": %d,"
          + " \"threads\": 2, \"buildSeconds\": %.1f, \"saveSeconds\": %.1f, \"fileBytes\": %d, \"heapBytes\": %d,"
          + " \"codesAndGraphBytes\": %d, \"offHeapBytes\": %d}%n", n, dim, m, efc, build, save, Files.size(file),
          usedHeap(), index.vectorAndGraphBytes(), index.offHeapBytes());
    }
    search(file, n, dim, centres);
  }

  private static void search(Path file, int n, int dim, float[][] centres) throws Exception {
    long t2 = System.nanoTime();
    try (HnswIndex index = HnswIndex.load(file)) {
      double load = (System.nanoTime() - t2) / 1e9;
      System.out.printf(Locale.ROOT, "{\"case\": \"load\", \"loadSeconds\": %.1f, \"heapBytes\": %d}%n", load,
          usedHeap());
      List<float[]> queries = new ArrayList<>();
      for (int q = 0; q < QUERIES; q++) {
        queries.add(item(-1L - q, dim, centres)); // not in the index
      }
      List<Set<String>> truth = exactTopTen(queries, n, dim, centres);
      for (int ef : new int[] {16, 32, 64, 128, 256, 384, 512}) {
        double best = Double.MAX_VALUE;
        double recall = 0;
        for (int rep = 0; rep < 3; rep++) {
          long q0 = System.nanoTime();
          double hit = 0;
          for (int q = 0; q < QUERIES; q++) {
            for (SearchHit h : index.search(queries.get(q), 10, null, ef)) {
              hit += truth.get(q).contains(h.id()) ? 1 : 0;
            }
          }
          best = Math.min(best, (System.nanoTime() - q0) / 1e9);
          recall = hit / (10.0 * QUERIES);
        }
        System.out.printf(Locale.ROOT, "{\"case\": \"search\", \"efSearch\": %d, \"recall\": %.4f, \"qps\": %.1f}%n",
            ef, recall, QUERIES / best);
      }
    }
  }

  /** Exact top 10 of each query by a scan over all items, regenerated on the fly. */
  private static List<Set<String>> exactTopTen(List<float[]> queries, int n, int dim, float[][] centres) {
    int qn = queries.size();
    float[][] best = new float[qn][10];
    int[][] bestIds = new int[qn][10];
    for (float[] b : best) {
      java.util.Arrays.fill(b, Float.NEGATIVE_INFINITY);
    }
    var k = Kernels.get();
    for (int i = 0; i < n; i++) {
      float[] v = item(i, dim, centres);
      for (int q = 0; q < qn; q++) {
        float s = k.dot(queries.get(q), 0, v, 0, dim);
        if (s > best[q][9]) {
          int at = 9;
          while (at > 0 && best[q][at - 1] < s) {
            best[q][at] = best[q][at - 1];
            bestIds[q][at] = bestIds[q][at - 1];
            at--;
          }
          best[q][at] = s;
          bestIds[q][at] = i;
        }
      }
    }
    List<Set<String>> out = new ArrayList<>();
    for (int q = 0; q < qn; q++) {
      Set<String> s = new HashSet<>();
      for (int id : bestIds[q]) {
        s.add(Integer.toString(id));
      }
      out.add(s);
    }
    return out;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
