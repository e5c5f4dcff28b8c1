package io.embedkit.index.bench;

import io.embedkit.core.Metric;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Save/load timing of a large HNSW index (issue: 1M x 384 loads in seconds). {@code build N DIM FILE THREADS}
 * builds N random unit vectors with a cheap efConstruction (the graph's quality does not matter here) and saves;
 * {@code load FILE} loads in a fresh JVM and reports seconds, size and bytes per vector.
 */
public final class HnswLoadBench {
  private HnswLoadBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("build")) {
      int n = Integer.parseInt(args[1]);
      int dim = Integer.parseInt(args[2]);
      Path file = Path.of(args[3]);
      int threads = Integer.parseInt(args[4]);
      SplittableRandom r = new SplittableRandom(42);
      List<String> ids = new ArrayList<>(n);
      List<float[]> vs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
          v[d] = (float) r.nextGaussian();
        }
        ids.add("item-" + i);
        vs.add(v);
      }
      HnswIndex index = HnswIndex.create(HnswConfig.of(dim, Metric.COSINE).withGraph(16, 16));
      long t0 = System.nanoTime();
      index.addAll(ids, vs, null, threads);
      System.out.printf("built %d x %d in %.1f s (%d threads, efConstruction 16)%n", n, dim,
          (System.nanoTime() - t0) / 1e9, threads);
      vs.clear();
      long t1 = System.nanoTime();
      index.save(file);
      System.out.printf("saved in %.1f s: %.1f MB%n", (System.nanoTime() - t1) / 1e9, Files.size(file) / 1e6);
    } else {
      Path file = Path.of(args[1]);
      long t0 = System.nanoTime();
      HnswIndex index = HnswIndex.load(file);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("loaded %d items (%.1f MB file) in %.2f s; %.1f bytes per vector in memory%n", index.size(),
          Files.size(file) / 1e6, s, index.ramBytesUsed() / (double) index.size());
    }
  }
}
