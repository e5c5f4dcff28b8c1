package io.embedkit.analysis;

import io.embedkit.core.Metric;
import java.util.List;

/** Pairwise similarity of a set of vectors. */
public final class Similarity {
  private Similarity() {}

  /**
   * Returns the matrix of pairwise scores, {@code m[i][j] = metric.score(v_i, v_j)}; symmetric.
   *
   * @param vectors the vectors, finite and of one dimension
   * @param metric the metric (higher scores are more similar)
   * @return an {@code n x n} matrix
   */
  public static float[][] matrix(List<float[]> vectors, Metric metric) {
    Data.check(vectors, 1, "a similarity matrix");
    int n = vectors.size();
    float[][] m = new float[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        float s = metric.score(vectors.get(i), vectors.get(j));
        m[i][j] = s;
        m[j][i] = s;
      }
    }
    return m;
  }

  /**
   * Returns the pairwise cosine similarity matrix.
   *
   * @param vectors the vectors
   * @return an {@code n x n} matrix with values in [-1, 1]
   */
  public static float[][] cosine(List<float[]> vectors) {
    return matrix(vectors, Metric.COSINE);
  }
}
