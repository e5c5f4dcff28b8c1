package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KMeansTest {
  @Test
  void wellSeparatedClustersAreRecovered() {
    Synthetic data = new Synthetic(5, 60, 16, 0.8, 7);
    KMeans.Result r = KMeans.fit(data.vectors, KMeans.Config.of(5));
    assertThat(r.k()).isEqualTo(5);
    assertThat(Synthetic.adjustedRand(data.labels, r.labels())).isGreaterThanOrEqualTo(0.99);
    assertThat(Silhouette.score(data.vectors, r.labels())).isGreaterThan(0.7);
    // a fixed seed gives the same clustering again
    assertThat(KMeans.fit(data.vectors, KMeans.Config.of(5)).labels()).isEqualTo(r.labels());
  }

  @Test
  void findsAsTightAClusteringAsScikitLearn() {
    double want = Reference.JSON.get("kmeans3_inertia").getAsDouble();
    KMeans.Result r = KMeans.fit(Reference.x(), KMeans.Config.of(3));
    assertThat(r.inertia()).isLessThanOrEqualTo(want * (1 + 1e-5));
    // the inertia reported is that of the labels returned: recompute it from them
    List<float[]> x = Reference.x();
    double[][] sums = new double[3][x.get(0).length];
    int[] counts = new int[3];
    for (int i = 0; i < x.size(); i++) {
      counts[r.labels()[i]]++;
      for (int j = 0; j < x.get(i).length; j++) {
        sums[r.labels()[i]][j] += x.get(i)[j];
      }
    }
    double inertia = 0;
    for (int i = 0; i < x.size(); i++) {
      for (int j = 0; j < x.get(i).length; j++) {
        double d = x.get(i)[j] - sums[r.labels()[i]][j] / counts[r.labels()[i]];
        inertia += d * d;
      }
    }
    assertThat(r.inertia()).isCloseTo(inertia, org.assertj.core.api.Assertions.within(1e-6 * inertia));
  }

  @Test
  void theAdjustedRandIndexOfThisTestIsItselfRight() {
    int[] truth = {0, 0, 0, 1, 1, 1};
    assertThat(Synthetic.adjustedRand(truth, new int[] {1, 1, 1, 0, 0, 0})).isEqualTo(1.0);
    // sklearn.metrics.adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.24242424...
    assertThat(Synthetic.adjustedRand(truth, new int[] {0, 0, 1, 1, 2, 2})).isCloseTo(0.2424242424,
        org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> KMeans.fit(List.of(new float[] {1, 2}), KMeans.Config.of(2)))
        .isInstanceOf(InvalidInputException.class).hasMessage("k-means with k = 2 needs at least 2 vectors, got 1");
    assertThatThrownBy(() -> KMeans.fit(List.of(new float[] {1, 2}, new float[] {Float.NaN, 1}),
        KMeans.Config.of(1))).isInstanceOf(InvalidInputException.class).hasMessageContaining("vector 1");
    assertThatThrownBy(() -> KMeans.fit(List.of(new float[] {1, 2}, new float[] {1}), KMeans.Config.of(1)))
        .hasMessageContaining("vector 1");
    assertThatThrownBy(() -> KMeans.Config.of(0)).hasMessage("k must be at least 1, was 0");
  }
}
