package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import io.embedkit.core.Vectors;
import io.embedkit.core.testing.TestSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scores on 8-bit codes against exact ones: close, and not exact (the graph really runs on the codes). */
class Int8ScorerTest {
  @ParameterizedTest
  @EnumSource(value = Metric.class, names = {"COSINE", "DOT", "L2"})
  void codeScoresAreWithinAFewStepsOfExactOnes(Metric metric) {
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    int dim = 96;
    int n = 2000;
    HnswIndex index = HnswIndex.create(HnswConfig.of(dim, metric).withQuantization(HnswQuantization.INT8), 64);
    List<float[]> stored = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = TestSeeds.randomVector(r, dim);
      for (int d = 0; d < dim; d += 7) {
        v[d] = v[d] * 3 + 0.5f; // components of unequal spread and offset, as in real embeddings
      }
      index.add("v" + i, v);
      stored.add(metric == Metric.COSINE ? Vectors.normalized(v) : v);
    }
    Int8Scorer codes = (Int8Scorer) index.codes;
    assertThat(codes.trained()).isTrue();
    CopyingScorer exact = new CopyingScorer(index.store, metric);
    double worst = 0;
    double sumError = 0;
    double scale = 0;
    for (int q = 0; q < 20; q++) {
      float[] query = TestSeeds.randomVector(r, dim);
      if (metric == Metric.COSINE) {
        query = Vectors.normalized(query);
      }
      Object prepared = codes.prepare(query);
      float[] all = new float[n];
      int[] nodes = new int[n];
      for (int i = 0; i < n; i++) {
        nodes[i] = i;
      }
      codes.scoreAll(prepared, nodes, n, all);
      for (int i = 0; i < n; i++) {
        float want = exact.score(query, i);
        assertThat(all[i]).as("four at a time and one at a time").isEqualTo(codes.score(prepared, i),
            org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(want))));
        double err = Math.abs(all[i] - want);
        worst = Math.max(worst, err);
        sumError += err;
        scale += Math.abs(want);
      }
    }
    // two stored vectors: both sides are codes, so the error is measured against the vectors' size
    double sumBetween = 0;
    double worstBetween = 0;
    for (int pair = 0; pair < 500; pair++) {
      int a = r.nextInt(n);
      int b = r.nextInt(n);
      double size = metric == Metric.L2 ? squaredNorm(stored.get(a)) + squaredNorm(stored.get(b))
          : Math.sqrt(squaredNorm(stored.get(a)) * squaredNorm(stored.get(b)));
      double err = Math.abs(codes.scoreBetween(a, b) - exact.scoreBetween(a, b)) / size;
      sumBetween += err;
      worstBetween = Math.max(worstBetween, err);
    }
    assertThat(sumBetween / 500).as("tests.seed=%d %s mean error between stored vectors", seed, metric)
        .isLessThan(0.004);
    assertThat(worstBetween).as("tests.seed=%d %s worst error between stored vectors", seed, metric)
        .isLessThan(0.03);
    double meanRelative = sumError / scale;
    assertThat(meanRelative).as("tests.seed=%d %s mean relative error", seed, metric).isLessThan(0.02);
    assertThat(worst).as("codes, not floats, were scored").isGreaterThan(0);
    index.close();
  }

  private static double squaredNorm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return s;
  }
}
