package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {
  @Test
  void reachesTheExpectedAccuracyOnALabelledSet() {
    // overlapping blobs (spread 3 around centres ~10 apart in 8-D): the Bayes rate is high but not 1
    Synthetic train = new Synthetic(4, 100, 8, 3.0, 11, 1);
    Synthetic test = new Synthetic(4, 50, 8, 3.0, 11, 2); // the same centres, other points
    try (KnnClassifier knn = KnnClassifier.fit(train.vectors, train.labelNames(), Metric.L2, 5)) {
      double accuracy = knn.accuracy(test.vectors, test.labelNames());
      // the expected accuracy: that of the best possible rule, the nearest true centre (Bayes for equal blobs)
      int bayes = 0;
      for (int i = 0; i < test.vectors.size(); i++) {
        int best = 0;
        for (int c = 1; c < 4; c++) {
          if (io.embedkit.core.Vectors.squaredL2(test.vectors.get(i), test.centres.get(c))
              < io.embedkit.core.Vectors.squaredL2(test.vectors.get(i), test.centres.get(best))) {
            best = c;
          }
        }
        bayes += best == test.labels[i] ? 1 : 0;
      }
      double expected = bayes / (double) test.vectors.size();
      assertThat(expected).isBetween(0.85, 0.999); // the set is neither trivial nor hopeless
      assertThat(accuracy).as("kNN %.3f vs the best possible %.3f", accuracy, expected)
          .isGreaterThanOrEqualTo(expected - 0.05);
      KnnClassifier.Prediction p = knn.predict(test.vectors.get(0));
      assertThat(p.neighbours()).hasSize(5);
      long agreeing = p.neighbours().stream()
          .filter(h -> train.labelNames().get(Integer.parseInt(h.id())).equals(p.label())).count();
      assertThat(p.confidence()).as("the share of the 5 neighbours labelled " + p.label())
          .isEqualTo(agreeing / 5.0);
    }
    // labels shuffled against the vectors: accuracy falls to chance, so the test above can fail
    List<String> shuffled = new java.util.ArrayList<>(train.labelNames());
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    try (KnnClassifier knn = KnnClassifier.fit(train.vectors, shuffled, Metric.L2, 5)) {
      assertThat(knn.accuracy(test.vectors, test.labelNames())).isLessThan(0.5);
    }
  }

  @Test
  void confidenceIsTheShareOfNeighboursVotingForTheLabel() {
    List<float[]> v = List.of(new float[] {0}, new float[] {1}, new float[] {2}, new float[] {10}, new float[] {11},
        new float[] {30});
    try (KnnClassifier knn = KnnClassifier.fit(v, List.of("a", "a", "a", "b", "b", "c"), Metric.L2, 5)) {
      KnnClassifier.Prediction p = knn.predict(new float[] {3});
      assertThat(p.label()).isEqualTo("a");
      assertThat(p.confidence()).isEqualTo(0.6); // a, a, a, b, b
      assertThat(p.neighbours()).extracting(io.embedkit.core.SearchHit::id).containsExactly("2", "1", "0", "3", "4");
      assertThat(knn.predict(new float[] {9}).confidence()).isEqualTo(0.6); // b, b, a, a, a: a wins 3 to 2
      assertThat(knn.predict(new float[] {9}).label()).isEqualTo("a");
    }
    try (KnnClassifier knn = KnnClassifier.fit(v, List.of("a", "a", "a", "b", "b", "c"), Metric.L2, 1)) {
      assertThat(knn.predict(new float[] {10.4f}).confidence()).isEqualTo(1.0);
      assertThat(knn.predict(new float[] {10.4f}).label()).isEqualTo("b");
    }
  }

  @Test
  void tiesGoToTheCloserLabel() {
    List<float[]> v = List.of(new float[] {0, 0}, new float[] {1, 0}, new float[] {10, 0}, new float[] {11, 0});
    try (KnnClassifier knn = KnnClassifier.fit(v, List.of("a", "b", "a", "b"), Metric.L2, 2)) {
      assertThat(knn.predict(new float[] {0.1f, 0}).label()).isEqualTo("a"); // a 1 vote, b 1 vote; a closer
      assertThat(knn.predict(new float[] {10.9f, 0}).label()).isEqualTo("b");
    }
  }

  @Test
  void badInputIsRefused() {
    List<float[]> v = List.of(new float[] {0, 0}, new float[] {1, 0});
    assertThatThrownBy(() -> KnnClassifier.fit(v, List.of("a"), Metric.L2, 1))
        .isInstanceOf(InvalidInputException.class).hasMessage("training vectors and labels differ in number: 2 and 1");
    assertThatThrownBy(() -> KnnClassifier.fit(v, java.util.Arrays.asList("a", null), Metric.L2, 1))
        .hasMessage("label of training vector 1 is missing");
    try (KnnClassifier knn = KnnClassifier.fit(v, List.of("a", "b"), Metric.L2, 1)) {
      assertThatThrownBy(() -> knn.predict(new float[] {1, 2, 3})).hasMessageContaining("dimension");
    }
  }
}
