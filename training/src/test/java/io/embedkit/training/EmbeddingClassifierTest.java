package io.embedkit.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddingClassifierTest {
  @TempDir Path tmp;

  /** Clusters around random unit centres; {@code spread} is the noise per component. */
  static List<float[]> clusters(int classes, int perClass, int dim, double spread, long seed, List<String> labels) {
    Random r = new Random(seed);
    float[][] centres = new float[classes][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
    }
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < classes * perClass; i++) {
      int c = i % classes;
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = centres[c][d] + (float) (spread * r.nextGaussian());
      }
      out.add(v);
      labels.add("class-" + c);
    }
    return out;
  }

  /**
   * One plain SGD step of the linear head on one example, against the hand-computed update of softmax
   * cross-entropy: p = softmax(Wx + b), W ← W − lr (p − e_y) xᵀ, b ← b − lr (p − e_y).
   */
  @Test
  void aGradientStepEqualsTheHandComputedOne() {
    float[] w = {0.1f, -0.2f, 0.3f, 0.0f, 0.5f, -0.4f};
    float[] b = {0.05f, -0.05f};
    float[] x = {1.0f, 2.0f, -1.0f};
    // logits: 0.1 - 0.4 - 0.3 + 0.05 = -0.55; 0 + 1.0 + 0.4 - 0.05 = 1.35
    double p0 = Math.exp(-0.55) / (Math.exp(-0.55) + Math.exp(1.35));
    double p1 = 1 - p0;
    double lr = 0.5;
    int y = 0;
    double[] g = {p0 - 1, p1};
    try (HeadTrainer t = new HeadTrainer(3, 2, 0,
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) lr)).build(), 1)) {
      t.setLayers(List.of(new Dense(2, 3, w.clone(), b.clone())));
      double[] before = Dense.softmax(EmbeddingClassifier.logits(t.layers(), x));
      assertThat(before[0]).isCloseTo(p0, within(1e-6));
      float loss = t.step(new float[][] {x}, new int[] {y}, new int[] {0});
      assertThat((double) loss).isCloseTo(-Math.log(p0), within(1e-5));
      Dense after = t.layers().get(0);
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < 3; i++) {
          assertThat((double) after.weights()[o * 3 + i]).as("w[%d][%d]", o, i)
              .isCloseTo(w[o * 3 + i] - lr * g[o] * x[i], within(1e-5));
        }
        assertThat((double) after.bias()[o]).isCloseTo(b[o] - lr * g[o], within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ClassifierConfig.Head.class)
  void aSeparableSetIsLearnedCompletely(ClassifierConfig.Head head) {
    List<String> labels = new ArrayList<>();
    List<float[]> all = clusters(4, 100, 16, 0.2, 3, labels);
    EmbeddingClassifier clf = EmbeddingClassifier.fit(all.subList(0, 200), labels.subList(0, 200), null,
        ClassifierConfig.of(head));
    int right = 0;
    for (int i = 200; i < 400; i++) {
      right += clf.predict(all.get(i)).label().equals(labels.get(i)) ? 1 : 0;
    }
    assertThat(right).isEqualTo(200);
    EmbeddingClassifier.Prediction p = clf.predict(all.get(200));
    assertThat(p.probabilities()).hasSize(4);
    assertThat(p.probabilities().values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1, within(1e-5));
    assertThat(p.probability()).isEqualTo(p.probabilities().get(p.label()));
  }

  @Test
  void shuffledLabelsStayNearChance() {
    List<String> labels = new ArrayList<>();
    List<float[]> all = clusters(4, 200, 16, 0.5, 5, labels);
    List<String> shuffled = new ArrayList<>(labels);
    Collections.shuffle(shuffled, new Random(9));
    EmbeddingClassifier clf = EmbeddingClassifier.fit(all.subList(0, 400), shuffled.subList(0, 400), null,
        ClassifierConfig.of(ClassifierConfig.Head.LINEAR));
    int right = 0;
    for (int i = 400; i < 800; i++) {
      right += clf.predict(all.get(i)).label().equals(shuffled.get(i)) ? 1 : 0;
    }
    assertThat(right / 400.0).isBetween(0.15, 0.35); // chance is 0.25
    EmbeddingClassifier.Summary s = clf.summary();
    assertThat(s.epochs()).as("stopped early: the validation loss stops falling").isLessThan(200);
    assertThat(s.epochs() - s.bestEpoch()).isEqualTo(10); // the patience
    assertThat(s.validationItems()).isEqualTo(40);
  }

  @ParameterizedTest
  @EnumSource(ClassifierConfig.Head.class)
  void theSameSeedGivesTheSameWeights(ClassifierConfig.Head head) {
    List<String> labels = new ArrayList<>();
    List<float[]> all = clusters(3, 60, 8, 0.8, 11, labels);
    ClassifierConfig config = ClassifierConfig.of(head).withEpochs(15, 0.2, 5);
    EmbeddingClassifier a = EmbeddingClassifier.fit(all, labels, null, config);
    EmbeddingClassifier b = EmbeddingClassifier.fit(all, labels, null, config);
    EmbeddingClassifier c = EmbeddingClassifier.fit(all, labels, null, config.withSeed(43));
    for (int l = 0; l < a.layers().size(); l++) {
      assertThat(b.layers().get(l).weights()).containsExactly(a.layers().get(l).weights());
      assertThat(b.layers().get(l).bias()).containsExactly(a.layers().get(l).bias());
    }
    assertThat(c.layers().get(0).weights()).isNotEqualTo(a.layers().get(0).weights());
  }

  @Test
  void savesLoadsAndRefusesAnotherSpace() throws Exception {
    List<String> labels = new ArrayList<>();
    List<float[]> all = clusters(3, 40, 8, 0.3, 13, labels);
    EmbeddingSpace space = new EmbeddingSpace("toy", 8, false, Metric.COSINE, "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    EmbeddingClassifier clf = EmbeddingClassifier.fit(all, labels, space, ClassifierConfig.of(ClassifierConfig.Head.MLP));
    Path dir = tmp.resolve("head");
    clf.save(dir);
    EmbeddingClassifier loaded = EmbeddingClassifier.load(dir);
    assertThat(loaded.labels()).isEqualTo(clf.labels());
    assertThat(loaded.head()).isEqualTo(ClassifierConfig.Head.MLP);
    assertThat(loaded.space()).isEqualTo(space);
    assertThat(loaded.summary()).isEqualTo(clf.summary());
    for (float[] v : all) {
      assertThat(loaded.predict(v)).isEqualTo(clf.predict(v));
    }
    loaded.requireSpace(space, "test vectors");
    assertThatThrownBy(() -> loaded.requireSpace(new EmbeddingSpace("other", 8, false, Metric.COSINE, "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        "test vectors")).isInstanceOf(InvalidInputException.class).hasMessageContaining("other");
    assertThatThrownBy(() -> loaded.predict(new float[7])).isInstanceOf(InvalidInputException.class);

    byte[] bytes = Files.readAllBytes(dir.resolve("weights.bin"));
    bytes[bytes.length / 2] ^= 1;
    Files.write(dir.resolve("weights.bin"), bytes);
    assertThatThrownBy(() -> EmbeddingClassifier.load(dir)).isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("checksum");
    Files.write(dir.resolve("weights.bin"), java.util.Arrays.copyOf(bytes, 20));
    assertThatThrownBy(() -> EmbeddingClassifier.load(dir)).isInstanceOf(IndexCorruptedException.class);
    assertThatThrownBy(() -> EmbeddingClassifier.load(tmp)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("classifier.json");
  }

  @Test
  void refusesBadTrainingInput() {
    assertThatThrownBy(() -> EmbeddingClassifier.fit(List.of(new float[] {1, 2}), List.of("a"), null,
        ClassifierConfig.of(ClassifierConfig.Head.LINEAR))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("two labels");
    assertThatThrownBy(() -> EmbeddingClassifier.fit(List.of(new float[] {1, 2}, new float[] {1}), List.of("a", "b"),
        null, ClassifierConfig.of(ClassifierConfig.Head.LINEAR))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClassifierConfig.Head.parse("svm")).isInstanceOf(InvalidInputException.class);
  }
}
