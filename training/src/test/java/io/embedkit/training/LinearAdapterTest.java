package io.embedkit.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.testing.FakeTextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearAdapterTest {
  @TempDir Path tmp;

  /**
   * Labels live in 4 of 32 components and loud noise in the others: plain kNN is poor, an adapter that learns to
   * weigh the 4 up must do much better.
   */
  static List<float[]> hiddenSignal(int n, long seed, List<String> labels) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % 4;
      float[] v = new float[32];
      for (int d = 0; d < 32; d++) {
        v[d] = (float) (r.nextGaussian() * (d < 4 ? 0.1 : 1.0));
      }
      v[c] += 0.5f;
      out.add(v);
      labels.add("c" + c);
    }
    return out;
  }

  @Test
  void learnsToWeighTheComponentsThatCarryTheLabels() {
    List<String> labels = new ArrayList<>();
    List<float[]> all = hiddenSignal(1200, 1, labels);
    LinearAdapter adapter = LinearAdapter.fit(all.subList(0, 800), labels.subList(0, 800), null,
        LinearAdapter.Config.defaults());
    double[] held = adapter.heldOutAccuracy();
    assertThat(held[1]).isGreaterThan(held[0] + 0.2);
    int[] train = java.util.stream.IntStream.range(0, 800).toArray();
    int[] test = java.util.stream.IntStream.range(800, 1200).toArray();
    float[][] x = all.toArray(new float[0][]);
    int[] y = labels.stream().mapToInt(l -> l.charAt(1) - '0').toArray();
    double plain = LinearAdapter.knnAccuracy(identity(32), x, y, train, test, 10);
    float[][] adapted = adapter.applyAll(all).toArray(new float[0][]);
    double better = LinearAdapter.knnAccuracy(identity(32), adapted, y, train, test, 10);
    assertThat(better).as("kNN on adapted vectors vs %.3f plain", plain).isGreaterThan(plain + 0.2);
  }

  @Test
  void keepsTheIdentityWhenLabelsCarryNothing() {
    List<String> labels = new ArrayList<>();
    List<float[]> all = hiddenSignal(400, 2, labels);
    Collections.shuffle(labels, new Random(3));
    LinearAdapter adapter = LinearAdapter.fit(all, labels, null, LinearAdapter.Config.defaults());
    if (adapter.epoch() == 0) {
      float[] v = all.get(0);
      float[] a = adapter.apply(v);
      double norm = Math.sqrt(io.embedkit.core.Vectors.dot(v, v));
      for (int d = 0; d < v.length; d++) {
        assertThat((double) a[d]).isCloseTo(v[d] / norm, org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(adapter.heldOutAccuracy()[1]).isLessThan(0.5); // four labels at random
  }

  @Test
  void wrapsAnEncoderInItsOwnSpaceAndSavesAndLoads() throws Exception {
    FakeTextEncoder base = new FakeTextEncoder("fake", 32);
    FakeTextEncoder first = base;
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      texts.add((i % 2 == 0 ? "apple pear" : "car truck") + " filler" + i);
      labels.add(i % 2 == 0 ? "fruit" : "vehicle");
    }
    LinearAdapter adapter = LinearAdapter.fit(base.encodeAll(texts), labels, base.space(),
        LinearAdapter.Config.defaults());
    try (Encoder<String> adapted = adapter.wrap(first)) {
      EmbeddingSpace s = adapted.space();
      assertThat(s.name()).isEqualTo("fake+adapter");
      assertThat(s.fingerprint()).startsWith("sha256:");
      assertThat(s.isCompatibleWith(base.space())).isFalse();
      assertThat(adapted.encode("apple pear")).containsExactly(adapter.apply(base.encode("apple pear")));
    }
    base = new FakeTextEncoder("fake", 32); // closing the adapted encoder closed the first
    Path dir = tmp.resolve("adapter");
    adapter.save(dir);
    assertThat(LinearAdapter.isAdapter(dir)).isTrue();
    LinearAdapter loaded = LinearAdapter.load(dir);
    assertThat(loaded.space()).isEqualTo(adapter.space());
    assertThat(loaded.baseSpace()).isEqualTo(base.space());
    assertThat(loaded.apply(base.encode("car"))).containsExactly(adapter.apply(base.encode("car")));
    assertThatThrownBy(() -> loaded.wrap(new FakeTextEncoder("other", 32))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> LinearAdapter.fit(List.of(new float[] {1}), List.of("a"), null,
        LinearAdapter.Config.defaults())).isInstanceOf(InvalidInputException.class);
  }

  private static Dense identity(int dim) {
    float[] w = new float[dim * dim];
    for (int i = 0; i < dim; i++) {
      w[i * dim + i] = 1f;
    }
    return new Dense(dim, dim, w, new float[dim]);
  }
}
