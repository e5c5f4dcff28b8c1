package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PCA and silhouette against scikit-learn on a fixed matrix (analysis-reference.json), to 1e-6. */
class PcaTest {
  @Test
  void matchesScikitLearnsDecomposition() {
    Pca pca = Pca.fit(Reference.x(), 3);
    double[][] want = Reference.matrix("components");
    for (int i = 0; i < 3; i++) {
      double[] got = pca.component(i);
      for (int j = 0; j < got.length; j++) {
        assertThat(got[j]).as("component %d loading %d", i, j).isCloseTo(want[i][j], within(1e-6));
      }
    }
    double[] var = Reference.vector("explained_variance");
    double[] ratio = Reference.vector("explained_variance_ratio");
    for (int i = 0; i < 3; i++) {
      assertThat(pca.explainedVariance()[i]).isCloseTo(var[i], within(1e-6 * var[0]));
      assertThat(pca.explainedVarianceRatio()[i]).isCloseTo(ratio[i], within(1e-6));
    }
    double[][] projected = Reference.matrix("projected");
    List<double[]> got = pca.transform(Reference.x());
    for (int r = 0; r < projected.length; r++) {
      for (int c = 0; c < 3; c++) {
        assertThat(got.get(r)[c]).as("row %d coordinate %d", r, c).isCloseTo(projected[r][c], within(1e-5));
      }
    }
  }

  @Test
  void silhouetteMatchesScikitLearn() {
    int[] labels = java.util.Arrays.stream(Reference.vector("labels")).mapToInt(d -> (int) d).toArray();
    assertThat(Silhouette.score(Reference.x(), labels))
        .isCloseTo(Reference.JSON.get("silhouette_euclidean").getAsDouble(), within(1e-6));
    assertThat(Silhouette.score(Reference.x(), labels, Metric.COSINE))
        .isCloseTo(Reference.JSON.get("silhouette_cosine").getAsDouble(), within(1e-6));
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> Pca.fit(Reference.x(), 6)).hasMessage(
        "PCA components must be between 1 and the dimension 5, was 6");
    assertThatThrownBy(() -> Pca.fit(List.of(new float[] {1}), 1)).hasMessage("PCA needs at least 2 vectors, got 1");
    assertThatThrownBy(() -> Silhouette.score(Reference.x(), new int[30]))
        .hasMessage("a silhouette score needs at least two clusters, got 1");
  }
}
