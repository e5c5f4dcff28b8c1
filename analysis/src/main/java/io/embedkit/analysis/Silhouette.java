package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.util.List;

/**
 * The silhouette score of a clustering: for each vector {@code (b - a) / max(a, b)}, where {@code a} is its
 * mean distance to the rest of its cluster and {@code b} the smallest mean distance to another cluster; 0 for
 * a vector alone in its cluster; averaged over all vectors. In [-1, 1], higher is better separated.
 */
public final class Silhouette {
  private Silhouette() {}

  /**
   * Returns the mean silhouette with Euclidean distance (as scikit-learn's default).
   *
   * @param vectors the vectors
   * @param labels each vector's cluster, non-negative
   * @return the score
   */
  public static double score(List<float[]> vectors, int[] labels) {
    return score(vectors, labels, Metric.L2);
  }

  /**
   * Returns the mean silhouette with the distance of a metric ({@code 1 - cosine} for {@link Metric#COSINE}).
   *
   * @param vectors the vectors
   * @param labels each vector's cluster, non-negative
   * @param metric whose {@link Metric#distance} is used
   * @return the score
   * @throws InvalidInputException if the sizes differ, a label is negative, or there are fewer than two
   *     clusters
   */
  public static double score(List<float[]> vectors, int[] labels, Metric metric) {
    Data.check(vectors, 2, "a silhouette score");
    if (labels == null || labels.length != vectors.size()) {
      throw new InvalidInputException("there are " + vectors.size() + " vectors but "
          + (labels == null ? 0 : labels.length) + " labels");
    }
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new InvalidInputException("label " + i + " is negative: " + labels[i]);
      }
      k = Math.max(k, labels[i] + 1);
    }
    int[] sizes = new int[k];
    for (int l : labels) {
      sizes[l]++;
    }
    int used = 0;
    for (int s : sizes) {
      used += s > 0 ? 1 : 0;
    }
    if (used < 2) {
      throw new InvalidInputException("a silhouette score needs at least two clusters, got " + used);
    }
    int n = vectors.size();
    double total = 0;
    double[] sums = new double[k];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(sums, 0);
      for (int j = 0; j < n; j++) {
        if (j != i) {
          sums[labels[j]] += metric.distance(vectors.get(i), vectors.get(j));
        }
      }
      int own = labels[i];
      if (sizes[own] == 1) {
        continue; // a singleton's silhouette is 0
      }
      double a = sums[own] / (sizes[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && sizes[c] > 0) {
          b = Math.min(b, sums[c] / sizes[c]);
        }
      }
      double m = Math.max(a, b);
      total += m == 0 ? 0 : (b - a) / m;
    }
    return total / n;
  }
}
