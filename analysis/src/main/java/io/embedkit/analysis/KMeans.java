package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means clustering with k-means++ seeding (Lloyd iterations, Euclidean distance), repeated from several
 * seeds and keeping the tightest result; deterministic for a given seed.
 *
 * <pre>{@code
 * KMeans.Result r = KMeans.fit(vectors, KMeans.Config.of(3));
 * double quality = Silhouette.score(vectors, r.labels());
 * }</pre>
 */
public final class KMeans {
  private KMeans() {}

  /**
   * How to cluster.
   *
   * @param k the number of clusters, at least 1
   * @param maxIterations Lloyd iterations per run at most, positive
   * @param restarts independent k-means++ runs, the tightest kept; positive
   * @param seed the random seed
   * @param normalize whether to L2-normalise the vectors first (clusters by direction, as cosine similarity)
   */
  public record Config(int k, int maxIterations, int restarts, long seed, boolean normalize) {
    /** Validates the values. */
    public Config {
      if (k < 1) {
        throw new InvalidInputException("k must be at least 1, was " + k);
      }
      if (maxIterations < 1 || restarts < 1) {
        throw new InvalidInputException("maxIterations and restarts must be positive, were " + maxIterations
            + " and " + restarts);
      }
    }

    /**
     * Returns the defaults for {@code k} clusters: 300 iterations, 10 restarts, seed 42, no normalisation.
     *
     * @param k the number of clusters
     * @return the configuration
     */
    public static Config of(int k) {
      return new Config(k, 300, 10, 42, false);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param newSeed the seed
     * @return the configuration
     */
    public Config withSeed(long newSeed) {
      return new Config(k, maxIterations, restarts, newSeed, normalize);
    }

    /**
     * Returns a copy that normalises the vectors first.
     *
     * @param on whether to normalise
     * @return the configuration
     */
    public Config withNormalize(boolean on) {
      return new Config(k, maxIterations, restarts, seed, on);
    }
  }

  /**
   * A clustering.
   *
   * @param labels the cluster of each input vector, in input order, each in {@code [0, k)}
   * @param centroids the {@code k} cluster centres
   * @param inertia the sum of squared distances of the vectors to their centres
   */
  public record Result(int[] labels, float[][] centroids, double inertia) {
    /**
     * Returns how many clusters there are.
     *
     * @return k
     */
    public int k() {
      return centroids.length;
    }
  }

  /** A point that remembers its input position. */
  private record Point(int index, double[] values) implements Clusterable {
    @Override
    public double[] getPoint() {
      return values;
    }
  }

  /**
   * Clusters vectors.
   *
   * @param vectors at least {@code k} finite vectors of one dimension
   * @param config the settings
   * @return the clustering
   * @throws InvalidInputException if there are fewer vectors than clusters or a vector is bad
   */
  public static Result fit(List<float[]> vectors, Config config) {
    Data.check(vectors, config.k(), "k-means with k = " + config.k());
    List<Point> points = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = config.normalize() ? Vectors.normalized(vectors.get(i)) : vectors.get(i);
      double[] d = new double[v.length];
      for (int j = 0; j < v.length; j++) {
        d[j] = v[j];
      }
      points.add(new Point(i, d));
    }
    JDKRandomGenerator random = new JDKRandomGenerator();
    random.setSeed(config.seed());
    KMeansPlusPlusClusterer<Point> once = new KMeansPlusPlusClusterer<>(config.k(), config.maxIterations(),
        new EuclideanDistance(), random);
    // keep the run of least inertia, as scikit-learn does (commons-math's multi-run compares unweighted
    // variances, which can prefer a worse partition)
    Result best = null;
    for (int run = 0; run < config.restarts(); run++) {
      Result r = result(once.cluster(points), vectors.size());
      if (best == null || r.inertia() < best.inertia()) {
        best = r;
      }
    }
    return best;
  }

  private static Result result(List<CentroidCluster<Point>> clusters, int n) {
    int[] labels = new int[n];
    float[][] centroids = new float[clusters.size()][];
    double inertia = 0;
    for (int c = 0; c < clusters.size(); c++) {
      double[] centre = clusters.get(c).getCenter().getPoint();
      centroids[c] = new float[centre.length];
      for (int j = 0; j < centre.length; j++) {
        centroids[c][j] = (float) centre[j];
      }
      for (Point p : clusters.get(c).getPoints()) {
        labels[p.index()] = c;
        for (int j = 0; j < centre.length; j++) {
          double diff = p.values()[j] - centre[j];
          inertia += diff * diff;
        }
      }
    }
    return new Result(labels, centroids, inertia);
  }
}
