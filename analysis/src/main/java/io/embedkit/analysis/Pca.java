package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Principal component analysis: the directions of largest variance of a set of vectors, from the
 * eigen-decomposition of their covariance matrix. Each component's sign is fixed so that its largest
 * loading (in absolute value) is positive, so results are reproducible. Immutable.
 */
public final class Pca {
  private final float[] mean;
  private final double[][] components;
  private final double[] variance;
  private final double totalVariance;

  private Pca(float[] mean, double[][] components, double[] variance, double totalVariance) {
    this.mean = mean;
    this.components = components;
    this.variance = variance;
    this.totalVariance = totalVariance;
  }

  /**
   * Finds the first principal components.
   *
   * @param vectors at least two finite vectors of one dimension
   * @param count how many components, between 1 and the dimension
   * @return the fitted projection
   */
  public static Pca fit(List<float[]> vectors, int count) {
    int dim = Data.check(vectors, 2, "PCA");
    if (count < 1 || count > dim) {
      throw new InvalidInputException("PCA components must be between 1 and the dimension " + dim + ", was "
          + count);
    }
    int n = vectors.size();
    double[] mu = new double[dim];
    for (float[] v : vectors) {
      for (int j = 0; j < dim; j++) {
        mu[j] += v[j];
      }
    }
    for (int j = 0; j < dim; j++) {
      mu[j] /= n;
    }
    double[][] cov = new double[dim][dim];
    double[] c = new double[dim];
    for (float[] v : vectors) {
      for (int j = 0; j < dim; j++) {
        c[j] = v[j] - mu[j];
      }
      for (int a = 0; a < dim; a++) {
        double ca = c[a];
        double[] row = cov[a];
        for (int b = a; b < dim; b++) {
          row[b] += ca * c[b];
        }
      }
    }
    double total = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        cov[a][b] /= n - 1;
        cov[b][a] = cov[a][b];
      }
      total += cov[a][a];
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[dim];
    for (int i = 0; i < dim; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
    double[][] comps = new double[count][];
    double[] var = new double[count];
    for (int i = 0; i < count; i++) {
      RealVector e = eig.getEigenvector(order[i]);
      double[] w = e.toArray();
      int top = 0;
      for (int j = 1; j < dim; j++) {
        if (Math.abs(w[j]) > Math.abs(w[top])) {
          top = j;
        }
      }
      if (w[top] < 0) {
        for (int j = 0; j < dim; j++) {
          w[j] = -w[j];
        }
      }
      comps[i] = w;
      var[i] = Math.max(0, values[order[i]]);
    }
    float[] meanF = new float[dim];
    for (int j = 0; j < dim; j++) {
      meanF[j] = (float) mu[j];
    }
    return new Pca(meanF, comps, var, total);
  }

  /**
   * Projects a vector onto the components.
   *
   * @param v a finite vector of the fitted dimension
   * @return its {@link #componentCount()} coordinates
   */
  public double[] transform(float[] v) {
    Vectors.check(v, mean.length, "vector to project");
    double[] out = new double[components.length];
    for (int i = 0; i < components.length; i++) {
      double s = 0;
      double[] w = components[i];
      for (int j = 0; j < mean.length; j++) {
        s += (v[j] - mean[j]) * w[j];
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * Projects vectors onto the components.
   *
   * @param vectors the vectors
   * @return their coordinates, in order
   */
  public List<double[]> transform(List<float[]> vectors) {
    List<double[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(transform(v));
    }
    return out;
  }

  /**
   * Returns how many components were kept.
   *
   * @return the count
   */
  public int componentCount() {
    return components.length;
  }

  /**
   * Returns one component: a unit vector in the input space.
   *
   * @param i which, from 0 (largest variance)
   * @return a copy of the component
   */
  public double[] component(int i) {
    return components[i].clone();
  }

  /**
   * Returns the variance along each kept component (with the {@code n - 1} denominator).
   *
   * @return a copy, largest first
   */
  public double[] explainedVariance() {
    return variance.clone();
  }

  /**
   * Returns each kept component's share of the total variance.
   *
   * @return a copy, largest first
   */
  public double[] explainedVarianceRatio() {
    double[] r = new double[variance.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = totalVariance == 0 ? 0 : variance[i] / totalVariance;
    }
    return r;
  }

  /**
   * Returns the mean subtracted before projecting.
   *
   * @return a copy
   */
  public float[] mean() {
    return mean.clone();
  }
}
