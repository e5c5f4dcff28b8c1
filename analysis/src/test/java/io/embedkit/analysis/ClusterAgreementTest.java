package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAgreementTest {
  @Test
  void matchesScikitLearnAndHandCountedPurity() {
    // sklearn.metrics.adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.24242424...
    assertThat(ClusterAgreement.adjustedRand(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
        .isCloseTo(0.2424242424, within(1e-9));
    assertThat(ClusterAgreement.adjustedRand(new int[] {1, 1, 0, 0}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    // clusters {a,a,b}, {b,b,c}: 2 + 2 of 6 in their cluster's commonest label
    int[] labels = ClusterAgreement.codes(List.of("a", "a", "b", "b", "b", "c"));
    assertThat(labels).containsExactly(0, 0, 1, 1, 1, 2);
    assertThat(ClusterAgreement.purity(new int[] {0, 0, 0, 1, 1, 1}, labels)).isCloseTo(4 / 6.0, within(1e-12));
  }
}
