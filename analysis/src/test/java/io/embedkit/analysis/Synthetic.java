package io.embedkit.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Well-separated Gaussian blobs with known labels. */
final class Synthetic {
  final List<float[]> vectors = new ArrayList<>();
  final int[] labels;
  final List<float[]> centres = new ArrayList<>();

  Synthetic(int clusters, int perCluster, int dim, double spread, long seed) {
    this(clusters, perCluster, dim, spread, seed, 0);
  }

  /** Centres drawn from {@code seed}, points around them from {@code pointSeed}. */
  Synthetic(int clusters, int perCluster, int dim, double spread, long seed, long pointSeed) {
    SplittableRandom r = new SplittableRandom(seed);
    labels = new int[clusters * perCluster];
    for (int c = 0; c < clusters; c++) {
      float[] centre = new float[dim];
      for (int j = 0; j < dim; j++) {
        centre[j] = (float) (r.nextDouble() * 20 - 10);
      }
      centres.add(centre);
    }
    r = new SplittableRandom(seed * 1_000_003 + pointSeed);
    // interleaved so that input order says nothing about the cluster
    for (int i = 0; i < perCluster; i++) {
      for (int c = 0; c < clusters; c++) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = (float) (centres.get(c)[j] + spread * gaussian(r));
        }
        labels[vectors.size()] = c;
        vectors.add(v);
      }
    }
  }

  List<String> labelNames() {
    List<String> out = new ArrayList<>();
    for (int l : labels) {
      out.add("class-" + l);
    }
    return out;
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The adjusted Rand index of two labelings (Hubert and Arabie). */
  static double adjustedRand(int[] a, int[] b) {
    return ClusterAgreement.adjustedRand(a, b);
  }
}
