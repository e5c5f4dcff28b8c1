package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import io.embedkit.core.Vectors;
import io.embedkit.core.testing.TestSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scores on 1-bit codes against exact ones: unbiased and close enough to rank, and not exact. */
class BinaryScorerTest {
  @ParameterizedTest
  @EnumSource(value = Metric.class, names = {"COSINE", "DOT", "L2"})
  void codeScoresRankTheNearestHighAndAreUnbiased(Metric metric) {
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    int dim = 200; // not a multiple of 64: the last word of a code is partly padding
    int n = 3000;
    HnswIndex index = HnswIndex.create(HnswConfig.of(dim, metric).withQuantization(HnswQuantization.BINARY), 64);
    List<float[]> stored = HnswIndexTest.clustered(r, n, dim, 30);
    for (int i = 0; i < n; i++) {
      float[] v = stored.get(i);
      for (int d = 0; d < dim; d += 7) {
        v[d] = v[d] * 3 + 0.5f; // components of unequal spread and offset, as in real embeddings
      }
      index.add("v" + i, v);
    }
    BinaryScorer codes = (BinaryScorer) index.codes;
    assertThat(codes.trained()).isTrue();
    CopyingScorer exact = new CopyingScorer(index.store, metric);
    int[] nodes = new int[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = i;
    }
    float[] estimated = new float[n];
    float[] exactScores = new float[n];
    double found = 0;
    double sumError = 0;
    double sumSigned = 0;
    double spread = 0;
    int queries = 30;
    for (int t = 0; t < queries; t++) {
      float[] query = stored.get(r.nextInt(n)).clone();
      for (int d = 0; d < dim; d++) {
        query[d] += (float) (r.nextGaussian() * 0.25);
      }
      if (metric == Metric.COSINE) {
        query = Vectors.normalized(query);
      }
      Object prepared = codes.prepare(query);
      codes.scoreAll(prepared, nodes, n, estimated);
      double mean = 0;
      for (int i = 0; i < n; i++) {
        exactScores[i] = exact.score(query, i);
        mean += exactScores[i] / n;
        assertThat(estimated[i]).isEqualTo(codes.score(prepared, i));
      }
      for (int i = 0; i < n; i++) {
        sumError += Math.abs(estimated[i] - exactScores[i]);
        sumSigned += estimated[i] - exactScores[i];
        spread += Math.abs(exactScores[i] - mean);
      }
      // the true ten best against the hundred best by their codes: what a rescored search depends on
      java.util.Set<Integer> byCodes = new java.util.HashSet<>(topIndexes(estimated, 100));
      found += topIndexes(exactScores, 10).stream().filter(byCodes::contains).count() / 10.0;
    }
    assertThat(found / queries).as("tests.seed=%d %s the ten best among the codes' hundred best", seed, metric)
        .isGreaterThanOrEqualTo(0.95);
    assertThat(sumError / spread).as("tests.seed=%d %s mean error against the scores' spread", seed, metric)
        .isLessThan(0.5).isGreaterThan(0.0); // measured 0.33-0.38: coarse, yet the ten best rank high
    assertThat(Math.abs(sumSigned) / spread).as("tests.seed=%d %s bias", seed, metric).isLessThan(0.05);
    index.close();
  }

  private static List<Integer> topIndexes(float[] scores, int k) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Float.compare(scores[b], scores[a]));
    return order.subList(0, k);
  }

  @Test
  void aRotationKeepsLengthsAndDotProducts() {
    SplittableRandom r = new SplittableRandom(TestSeeds.seed());
    for (int dim : new int[] {3, 64, 300, 600}) {
      Rotation rot = Rotation.random(dim, 42);
      float[] a = TestSeeds.randomVector(r, dim);
      float[] b = TestSeeds.randomVector(r, dim);
      float[] ra = new float[dim];
      float[] rb = new float[dim];
      rot.apply(a, ra, new float[dim]);
      rot.apply(b, rb, new float[dim]);
      assertThat(dot(ra, rb)).as("dim %d", dim).isCloseTo(dot(a, b), org.assertj.core.data.Offset.offset(1e-3));
      assertThat(dot(ra, ra)).as("dim %d", dim).isCloseTo(dot(a, a), org.assertj.core.data.Offset.offset(1e-3));
      assertThat(ra).isNotEqualTo(a);
      float[] again = new float[dim];
      Rotation.random(dim, 42).apply(a, again, new float[dim]);
      assertThat(again).as("the same seed, the same rotation").isEqualTo(ra);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void untilTrainedScoresAreExact() {
    int dim = 8;
    HnswIndex index = HnswIndex.create(HnswConfig.of(dim, Metric.L2).withQuantization(HnswQuantization.BINARY), 64);
    List<float[]> stored = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(TestSeeds.seed());
    for (int i = 0; i < 10; i++) {
      float[] v = TestSeeds.randomVector(r, dim);
      stored.add(v);
      index.add("v" + i, v);
    }
    assertThat(index.codes.trained()).isFalse();
    float[] q = stored.get(3);
    assertThat(index.search(q, 1).get(0).id()).isEqualTo("v3");
    index.close();
  }
}
