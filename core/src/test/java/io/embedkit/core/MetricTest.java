package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricTest {
  private final float[] a = {1, 0};
  private final float[] b = {0, 2};

  @Test
  void scoresAreHigherForCloserVectorsAndDistancesAreRaw() {
    assertThat(Metric.COSINE.score(a, b)).isZero();
    assertThat(Metric.COSINE.distance(a, b)).isEqualTo(1f);
    assertThat(Metric.COSINE.score(a, new float[] {5, 0})).isEqualTo(1f);
    assertThat(Metric.DOT.score(new float[] {1, 2}, new float[] {3, 4})).isEqualTo(11f);
    assertThat(Metric.DOT.distance(new float[] {1, 2}, new float[] {3, 4})).isEqualTo(-11f);
    assertThat(Metric.L2.distance(a, b)).isCloseTo((float) Math.sqrt(5), within(1e-6f));
    assertThat(Metric.L2.score(a, b)).isCloseTo((float) -Math.sqrt(5), within(1e-6f));
    assertThat(Metric.L1.distance(a, b)).isEqualTo(3f);
    assertThat(Metric.L1.score(a, a)).isZero();
  }

  @Test
  void rankingScoresConvertToEachMetricsScore() {
    float[] a = {0.6f, 0.8f};
    float[] b = {1f, 0f};
    assertThat(Metric.COSINE.rankingToScore(Vectors.dot(a, b))).isCloseTo(Metric.COSINE.score(a, b),
        org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(Metric.COSINE.rankingToScore(1.0000002f)).isEqualTo(1f); // rounding above 1 is clipped
    assertThat(Metric.DOT.rankingToScore(-3.5f)).isEqualTo(-3.5f);
    assertThat(Metric.L2.rankingToScore(-Vectors.squaredL2(a, b))).isCloseTo(Metric.L2.score(a, b),
        org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(Metric.L2.rankingToScore(1e-7f)).isEqualTo(-0f); // a rounding-negative distance is zero
    assertThat(Metric.L1.rankingToScore(-Vectors.l1(a, b))).isEqualTo(Metric.L1.score(a, b));
  }

  @Test
  void parsesNamesAndRejectsUnknownOnes() {
    assertThat(Metric.parse("Cosine")).isEqualTo(Metric.COSINE);
    assertThat(Metric.parse(" l2 ")).isEqualTo(Metric.L2);
    assertThatThrownBy(() -> Metric.parse("hamming"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("unknown metric 'hamming': expected one of cosine, dot, l2, l1");
  }

  @Test
  void spacesAreCompatibleByNameAndDimension() {
    EmbeddingSpace clipText = new EmbeddingSpace("clip", 4, true, Metric.COSINE);
    EmbeddingSpace clipImage = new EmbeddingSpace("clip", 4, false, Metric.DOT);
    EmbeddingSpace other = new EmbeddingSpace("minilm", 4, true, Metric.COSINE);
    assertThat(clipText.isCompatibleWith(clipImage)).isTrue();
    assertThat(clipText.isCompatibleWith(other)).isFalse();
    assertThatThrownBy(() -> clipText.requireCompatible(other, "query encoder"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("query encoder produces vectors of space 'minilm' (dimension 4, normalized, COSINE),"
            + " which cannot be compared with space 'clip' (dimension 4, normalized, COSINE)");
    assertThatThrownBy(() -> new EmbeddingSpace("x", 0, true, Metric.DOT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("embedding space dimension must be between 1 and 16384, was 0");
  }
}
