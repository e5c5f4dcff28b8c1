package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityTest {
  @Test
  void theCosineMatrixIsSymmetricWithHandCheckedValues() {
    List<float[]> v = List.of(new float[] {1, 0}, new float[] {1, 1}, new float[] {0, -2});
    float[][] m = Similarity.cosine(v);
    assertThat(m[0][0]).isCloseTo(1f, within(1e-6f));
    assertThat(m[0][1]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
    assertThat(m[1][2]).isCloseTo((float) -Math.sqrt(0.5), within(1e-6f));
    assertThat(m[0][2]).isCloseTo(0f, within(1e-6f));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(m[i][j]).isEqualTo(m[j][i]);
      }
    }
    assertThat(Similarity.matrix(v, Metric.DOT)[1][2]).isEqualTo(-2f);
  }
}
