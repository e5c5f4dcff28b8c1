package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well clusters agree with known labels: the adjusted Rand index (scikit-learn's {@code
 * adjusted_rand_score}: 1 for the same partition, about 0 for a random one) and purity (the share of items in
 * their cluster's most common label).
 *
 * <pre>{@code
 * double ari = ClusterAgreement.adjustedRand(clusters.labels(), ClusterAgreement.codes(labels));
 * }</pre>
 */
public final class ClusterAgreement {
  private ClusterAgreement() {}

  /**
   * Numbers labels in order of first appearance.
   *
   * @param labels the labels
   * @return one code per label, from 0
   */
  public static int[] codes(List<String> labels) {
    Map<String, Integer> seen = new HashMap<>();
    int[] out = new int[labels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = seen.computeIfAbsent(labels.get(i), l -> seen.size());
    }
    return out;
  }

  /**
   * The adjusted Rand index of two partitions of the same items.
   *
   * @param a one partition, codes from 0
   * @param b the other, codes from 0
   * @return the index, at most 1; 1 when both are a single identical group
   */
  public static double adjustedRand(int[] a, int[] b) {
    check(a, b);
    int n = a.length;
    long[][] table = new long[max(a) + 1][max(b) + 1];
    long[] rows = new long[table.length];
    long[] cols = new long[table[0].length];
    for (int i = 0; i < n; i++) {
      table[a[i]][b[i]]++;
      rows[a[i]]++;
      cols[b[i]]++;
    }
    double index = 0;
    for (long[] row : table) {
      for (long x : row) {
        index += pairs(x);
      }
    }
    double sumRows = 0;
    for (long x : rows) {
      sumRows += pairs(x);
    }
    double sumCols = 0;
    for (long x : cols) {
      sumCols += pairs(x);
    }
    double expected = sumRows * sumCols / pairs(n);
    double max = (sumRows + sumCols) / 2;
    return max == expected ? 1.0 : (index - expected) / (max - expected);
  }

  /**
   * The share of items whose label is the most common one of their cluster.
   *
   * @param clusters cluster codes from 0
   * @param labels label codes from 0
   * @return purity in (0, 1]
   */
  public static double purity(int[] clusters, int[] labels) {
    check(clusters, labels);
    long[][] table = new long[max(clusters) + 1][max(labels) + 1];
    for (int i = 0; i < clusters.length; i++) {
      table[clusters[i]][labels[i]]++;
    }
    long right = 0;
    for (long[] row : table) {
      long best = 0;
      for (long x : row) {
        best = Math.max(best, x);
      }
      right += best;
    }
    return right / (double) clusters.length;
  }

  private static double pairs(long x) {
    return x * (x - 1) / 2.0;
  }

  private static int max(int[] a) {
    int m = 0;
    for (int x : a) {
      if (x < 0) {
        throw new InvalidInputException("cluster and label codes must be at least 0, found " + x);
      }
      m = Math.max(m, x);
    }
    return m;
  }

  private static void check(int[] a, int[] b) {
    if (a.length != b.length || a.length < 2) {
      throw new InvalidInputException("two partitions of the same items (at least two) are needed: " + a.length
          + " and " + b.length);
    }
  }
}
