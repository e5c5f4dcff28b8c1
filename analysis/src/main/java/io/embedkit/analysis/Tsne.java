package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) to two dimensions: Gaussian neighbourhoods calibrated to a
 * perplexity, a Student-t kernel in the plane, gradient descent with early exaggeration, momentum and
 * per-coordinate gains, as in scikit-learn's {@code method="exact"}. Costs O(n^2) time and memory per
 * iteration, so it is meant for plots of up to a few thousand points; deterministic for a seed.
 */
public final class Tsne {
  /** The most points accepted (the pairwise matrices take 16 n^2 bytes). */
  public static final int MAX_POINTS = 10_000;

  private Tsne() {}

  /**
   * How to project.
   *
   * @param perplexity the effective number of neighbours, positive; lowered to {@code (n - 1) / 3} for
   *     small inputs
   * @param iterations gradient steps, at least 250
   * @param learningRate the step size, positive
   * @param seed the random seed of the initial layout
   */
  public record Config(double perplexity, int iterations, double learningRate, long seed) {
    /** Validates the values. */
    public Config {
      if (!(perplexity > 0) || iterations < 250 || !(learningRate > 0)) {
        throw new InvalidInputException("t-SNE needs perplexity > 0, iterations >= 250 and learningRate > 0,"
            + " got " + perplexity + ", " + iterations + ", " + learningRate);
      }
    }

    /**
     * Returns the defaults: perplexity 30, 1000 iterations, learning rate 200, seed 42.
     *
     * @return the configuration
     */
    public static Config defaults() {
      return new Config(30, 1000, 200, 42);
    }
  }

  /**
   * Projects vectors to the plane.
   *
   * @param vectors at least two finite vectors of one dimension, at most {@link #MAX_POINTS}
   * @param config the settings
   * @return one {x, y} per vector, in order
   */
  public static List<double[]> project(List<float[]> vectors, Config config) {
    Data.check(vectors, 2, "t-SNE");
    int n = vectors.size();
    if (n > MAX_POINTS) {
      throw new InvalidInputException("t-SNE takes at most " + MAX_POINTS + " points, got " + n
          + "; project with PCA instead");
    }
    double[] p = affinities(vectors, Math.min(config.perplexity(), (n - 1) / 3.0));
    double[] y = new double[2 * n];
    SplittableRandom random = new SplittableRandom(config.seed());
    for (int i = 0; i < y.length; i++) {
      y[i] = 1e-4 * gaussian(random);
    }
    double[] update = new double[2 * n];
    double[] gains = new double[2 * n];
    java.util.Arrays.fill(gains, 1);
    double[] grad = new double[2 * n];
    double[] num = new double[n * n];
    int exaggerated = 250;
    for (int it = 0; it < config.iterations(); it++) {
      double exaggeration = it < exaggerated ? 12 : 1;
      double momentum = it < exaggerated ? 0.5 : 0.8;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double dx = y[2 * i] - y[2 * j];
          double dy = y[2 * i + 1] - y[2 * j + 1];
          double q = 1 / (1 + dx * dx + dy * dy);
          num[i * n + j] = q;
          num[j * n + i] = q;
          sum += 2 * q;
        }
      }
      java.util.Arrays.fill(grad, 0);
      for (int i = 0; i < n; i++) {
        double gx = 0;
        double gy = 0;
        for (int j = 0; j < n; j++) {
          if (j == i) {
            continue;
          }
          double q = num[i * n + j];
          double f = (exaggeration * p[i * n + j] - q / sum) * q;
          gx += f * (y[2 * i] - y[2 * j]);
          gy += f * (y[2 * i + 1] - y[2 * j + 1]);
        }
        grad[2 * i] = 4 * gx;
        grad[2 * i + 1] = 4 * gy;
      }
      for (int i = 0; i < y.length; i++) {
        boolean sameSign = Math.signum(grad[i]) == Math.signum(update[i]);
        gains[i] = Math.max(0.01, sameSign ? gains[i] * 0.8 : gains[i] + 0.2);
        update[i] = momentum * update[i] - config.learningRate() * gains[i] * grad[i];
        y[i] += update[i];
      }
    }
    List<double[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new double[] {y[2 * i], y[2 * i + 1]});
    }
    return out;
  }

  /** Symmetric joint probabilities p_ij, each row's Gaussian calibrated to the perplexity by bisection. */
  private static double[] affinities(List<float[]> vectors, double perplexity) {
    int n = vectors.size();
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = io.embedkit.core.Vectors.squaredL2(vectors.get(i), vectors.get(j));
        d[i * n + j] = s;
        d[j * n + i] = s;
      }
    }
    double target = Math.log(perplexity);
    double[] cond = new double[n * n];
    double[] row = new double[n];
    for (int i = 0; i < n; i++) {
      double beta = 1;
      double lo = Double.NEGATIVE_INFINITY;
      double hi = Double.POSITIVE_INFINITY;
      for (int step = 0; step < 100; step++) {
        double sum = 0;
        double weighted = 0;
        for (int j = 0; j < n; j++) {
          row[j] = j == i ? 0 : Math.exp(-d[i * n + j] * beta);
          sum += row[j];
          weighted += d[i * n + j] * row[j];
        }
        sum = Math.max(sum, 1e-300);
        double entropy = Math.log(sum) + beta * weighted / sum;
        for (int j = 0; j < n; j++) {
          cond[i * n + j] = row[j] / sum;
        }
        double diff = entropy - target;
        if (Math.abs(diff) < 1e-5) {
          break;
        }
        if (diff > 0) { // too flat: narrow the Gaussian
          lo = beta;
          beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
        } else {
          hi = beta;
          beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
        }
      }
    }
    double[] p = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i * n + j] = Math.max((cond[i * n + j] + cond[j * n + i]) / (2.0 * n), 1e-12);
      }
    }
    return p;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
