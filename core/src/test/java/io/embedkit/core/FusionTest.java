package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionTest {
  private static SearchHit hit(String id, float score, String text) {
    return new SearchHit(id, score, -score, Map.of("id", id), text);
  }

  private static final List<SearchHit> VECTOR = List.of(hit("a", 0.9f, "A"), hit("b", 0.8f, "B"), hit("c", 0.5f, "C"));
  private static final List<SearchHit> KEYWORD = List.of(hit("c", 12f, null), hit("d", 7f, "D"), hit("a", 2f, null));

  @Test
  void reciprocalRankFusionSumsOneOverConstantPlusRank() {
    List<SearchHit> fused = Fusion.rrf().fuse(List.of(VECTOR, KEYWORD), 10);
    // a: 1/61 + 1/63, c: 1/63 + 1/61 (tie, a first seen first), b: 1/62, d: 1/62 (tie, b first)
    assertThat(fused).extracting(SearchHit::id).containsExactly("a", "c", "b", "d");
    assertThat((double) fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-7));
    assertThat((double) fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-7));
    assertThat(fused.get(1).text()).isEqualTo("C"); // the text from whichever ranking has it
    assertThat(fused.get(0).distance()).isEqualTo(-fused.get(0).score());
    assertThat(fused.get(3).metadata()).isEqualTo(Map.of("id", "d"));
    assertThat(Fusion.rrf(1).fuse(List.of(VECTOR, KEYWORD), 2)).extracting(SearchHit::id).containsExactly("a", "c");
  }

  @Test
  void weightedFusionNormalisesEachRankingToUnitRange() {
    List<SearchHit> fused = Fusion.weighted(0.7).fuse(List.of(VECTOR, KEYWORD), 10);
    // vector: a 1, b 0.75, c 0; keyword: c 1, d 0.5, a 0
    // a 0.7, b 0.525, c 0.3, d 0.15
    assertThat(fused).extracting(SearchHit::id).containsExactly("a", "b", "c", "d");
    assertThat((double) fused.get(1).score()).isCloseTo(0.7 * 0.75, within(1e-6));
    assertThat((double) fused.get(2).score()).isCloseTo(0.3, within(1e-6));
    assertThat(Fusion.weighted(0).fuse(List.of(VECTOR, KEYWORD), 1)).extracting(SearchHit::id).containsExactly("c");
    // a ranking whose scores are all equal counts each of its items fully
    assertThat(Fusion.weighted(0.5).fuse(List.of(List.of(hit("x", 3, null)), List.of()), 5).get(0).score())
        .isEqualTo(0.5f);
  }

  @Test
  void refusesBadParameters() {
    assertThatThrownBy(() -> Fusion.rrf(0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Fusion.weighted(1.5)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Fusion.rrf().fuse(List.of(VECTOR), 0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Fusion.weighted(0.5).fuse(List.of(VECTOR), 3)).isInstanceOf(InvalidInputException.class);
    assertThat(Fusion.rrf().fuse(List.of(List.of(), List.of()), 3)).isEmpty();
  }
}
