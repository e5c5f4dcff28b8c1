package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
  @Test
  void findsPlantedDuplicatesAndGroupsThem() {
    SplittableRandom r = new SplittableRandom(5);
    List<float[]> vectors = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      float[] v = new float[32];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) Synthetic.gaussian(r);
      }
      vectors.add(v);
      ids.add("item" + i);
    }
    // three copies of item 3 with tiny noise, one of item 50; random 32-D vectors have cosine ~ 0 +- 0.18
    for (int[] plant : new int[][] {{3, 0}, {3, 1}, {3, 2}, {50, 0}}) {
      float[] copy = vectors.get(plant[0]).clone();
      for (int j = 0; j < copy.length; j++) {
        copy[j] += 0.01f * (float) Synthetic.gaussian(r);
      }
      vectors.add(copy);
      ids.add("copy-of-" + plant[0] + "-" + plant[1]);
    }
    NearDuplicates.Result result = NearDuplicates.find(ids, vectors, Metric.COSINE, 0.95f);
    assertThat(result.groups()).containsExactly(
        List.of("item3", "copy-of-3-0", "copy-of-3-1", "copy-of-3-2"), List.of("item50", "copy-of-50-0"));
    assertThat(result.pairs()).hasSize(6 + 1); // all pairs among the four, and one
    assertThat(result.pairs()).allSatisfy(p -> assertThat(p.score()).isGreaterThanOrEqualTo(0.95f));
    assertThat(NearDuplicates.find(ids, vectors, Metric.COSINE, 1.01f).pairs()).isEmpty();
  }

  @Test
  void aLargeGroupIsFoundWhole() {
    // 100 identical vectors: more than the first search's k, so the search must widen
    List<float[]> vectors = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      vectors.add(new float[] {1, 2, 3});
      ids.add("same" + i);
    }
    vectors.add(new float[] {-3, 1, 0});
    ids.add("other");
    NearDuplicates.Result result = NearDuplicates.find(ids, vectors, Metric.COSINE, 0.99f);
    assertThat(result.groups()).hasSize(1);
    assertThat(result.groups().get(0)).hasSize(100);
    assertThat(result.pairs()).hasSize(100 * 99 / 2);
  }

  @Test
  void repeatedIdsAreRefused() {
    assertThatThrownBy(() -> NearDuplicates.find(List.of("a", "a"), List.of(new float[] {1}, new float[] {2}),
        Metric.DOT, 0)).hasMessage("id 'a' appears twice");
  }
}
