package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics against values computed by hand with trec_eval's definitions. */
class RetrievalMetricsTest {
  private static final List<String> RANKING = List.of("d1", "d2", "d3", "d4", "d5");
  private static final Map<String, Integer> QRELS = Map.of("d2", 2, "d4", 1, "d9", 1, "d3", 0);

  @Test
  void ndcgUsesLinearGainsAndTheIdealOrderOfAllJudgedDocuments() {
    // DCG@5 = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677 = 1.692537
    // IDCG@5 = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
    assertThat(RetrievalMetrics.ndcg(RANKING, QRELS, 5)).isCloseTo(1.692537 / 3.130930, within(1e-6));
    // @2: DCG 1.261860; IDCG 2 + 0.630930
    assertThat(RetrievalMetrics.ndcg(RANKING, QRELS, 2)).isCloseTo(1.261860 / 2.630930, within(1e-6));
    assertThat(RetrievalMetrics.ndcg(List.of("d2", "d4", "d9"), QRELS, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(RetrievalMetrics.ndcg(RANKING, Map.of("d1", 0), 10)).isZero();
    assertThat(RetrievalMetrics.ndcg(List.of(), QRELS, 10)).isZero();
  }

  @Test
  void recallCountsRelevantDocumentsFoundWithinTheCutOff() {
    assertThat(RetrievalMetrics.recall(RANKING, QRELS, 5)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(RetrievalMetrics.recall(RANKING, QRELS, 3)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(RetrievalMetrics.recall(RANKING, QRELS, 1)).isZero();
  }

  @Test
  void reciprocalRankIsOneOverTheFirstRelevantRank() {
    assertThat(RetrievalMetrics.reciprocalRank(RANKING, QRELS, 10)).isEqualTo(0.5);
    assertThat(RetrievalMetrics.reciprocalRank(RANKING, QRELS, 1)).isZero();
    assertThat(RetrievalMetrics.reciprocalRank(List.of("d3", "d5", "d4"), QRELS, 10)).isCloseTo(1 / 3.0,
        within(1e-12));
    assertThatThrownBy(() -> RetrievalMetrics.ndcg(RANKING, QRELS, 0)).isInstanceOf(InvalidInputException.class);
  }
}
