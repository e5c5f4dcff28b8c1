package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranking quality as BEIR reports it through {@code pytrec_eval} (trec_eval's definitions), for one query at a
 * time: the ranking is a list of document ids, best first; the judgements map document ids to graded
 * relevance, where a grade of 1 or more counts as relevant and unjudged documents count 0.
 *
 * <pre>{@code
 * double ndcg = RetrievalMetrics.ndcg(List.of("d3", "d1", "d9"), Map.of("d1", 1, "d7", 2), 10);
 * }</pre>
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /**
   * Normalised discounted cumulative gain at a cut-off: DCG = Σ grade / log2(rank + 1) over the first {@code k}
   * ranks (linear gain, as trec_eval's {@code ndcg_cut}), divided by the DCG of the judged documents in the
   * best order; 0 when nothing is relevant.
   *
   * @param ranking document ids, best first
   * @param judgements graded relevance per document id
   * @param k the cut-off, at least 1
   * @return nDCG@k in [0, 1]
   */
  public static double ndcg(List<String> ranking, Map<String, Integer> judgements, int k) {
    check(k);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      dcg += gain(judgements, ranking.get(i)) / log2(i + 2);
    }
    List<Integer> ideal = new ArrayList<>();
    for (int grade : judgements.values()) {
      if (grade > 0) {
        ideal.add(grade);
      }
    }
    ideal.sort(Comparator.reverseOrder());
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /**
   * Recall at a cut-off: the share of the relevant documents found in the first {@code k} ranks.
   *
   * @param ranking document ids, best first
   * @param judgements graded relevance per document id
   * @param k the cut-off, at least 1
   * @return Recall@k in [0, 1]; 0 when nothing is relevant
   */
  public static double recall(List<String> ranking, Map<String, Integer> judgements, int k) {
    check(k);
    long relevant = judgements.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) {
      return 0;
    }
    int found = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(judgements, ranking.get(i)) > 0) {
        found++;
      }
    }
    return found / (double) relevant;
  }

  /**
   * Reciprocal rank at a cut-off: 1 / the rank of the first relevant document in the first {@code k}, else 0.
   *
   * @param ranking document ids, best first
   * @param judgements graded relevance per document id
   * @param k the cut-off, at least 1
   * @return RR@k in [0, 1]; its mean over queries is MRR@k
   */
  public static double reciprocalRank(List<String> ranking, Map<String, Integer> judgements, int k) {
    check(k);
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(judgements, ranking.get(i)) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private static int gain(Map<String, Integer> judgements, String id) {
    Integer g = judgements.get(id);
    return g == null || g < 0 ? 0 : g;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  private static void check(int k) {
    if (k < 1) {
      throw new InvalidInputException("the cut-off must be at least 1, was " + k);
    }
  }
}
