package io.embedkit.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges rankings of the same items from several searches (vector and keyword) into one.
 *
 * <pre>{@code
 * List<SearchHit> fused = Fusion.rrf().fuse(List.of(vectorHits, keywordHits), 10);
 * }</pre>
 *
 * <p>A fused hit keeps the id, text and metadata of the item; its score is the fused score (higher is better)
 * and its distance the negated score. Ties keep the order in which items first appear, the first ranking's
 * before the second's.
 */
public sealed interface Fusion {
  /**
   * Fuses rankings.
   *
   * @param rankings the rankings, each best first; an item may appear in any of them
   * @param k how many hits at most
   * @return the fused hits, best first
   */
  List<SearchHit> fuse(List<List<SearchHit>> rankings, int k);

  /**
   * Reciprocal rank fusion with the usual constant 60.
   *
   * @return the fusion
   */
  static Fusion rrf() {
    return new ReciprocalRank(60);
  }

  /**
   * Reciprocal rank fusion: an item scores the sum over rankings of {@code 1 / (rankConstant + rank)}, ranks
   * from 1 (Cormack, Clarke and Büttcher, 2009).
   *
   * @param rankConstant the constant, at least 1; larger values let lower ranks count more
   * @return the fusion
   */
  static Fusion rrf(int rankConstant) {
    return new ReciprocalRank(rankConstant);
  }

  /**
   * Weighted fusion of normalised scores for two rankings (vector, then keyword): each ranking's scores are
   * scaled to [0, 1] by its own minimum and maximum, and an item scores {@code w × vector + (1 − w) × keyword},
   * 0 where a ranking lacks it.
   *
   * @param vectorWeight the first ranking's weight w, in [0, 1]
   * @return the fusion
   */
  static Fusion weighted(double vectorWeight) {
    if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
      throw new InvalidInputException("the vector weight must be between 0 and 1, was " + vectorWeight);
    }
    return new Weighted(List.of(vectorWeight, 1 - vectorWeight));
  }

  /**
   * Reciprocal rank fusion.
   *
   * @param rankConstant the constant added to each rank
   */
  record ReciprocalRank(int rankConstant) implements Fusion {
    /** Checks the constant. */
    public ReciprocalRank {
      if (rankConstant < 1) {
        throw new InvalidInputException("the reciprocal rank constant must be at least 1, was " + rankConstant);
      }
    }

    @Override
    public List<SearchHit> fuse(List<List<SearchHit>> rankings, int k) {
      Checks.k(k);
      Map<String, FusedItem> items = new LinkedHashMap<>();
      for (List<SearchHit> ranking : rankings) {
        for (int r = 0; r < ranking.size(); r++) {
          FusedItem m = FusedItem.of(items, ranking.get(r));
          m.score += 1.0 / (rankConstant + r + 1);
        }
      }
      return FusedItem.best(items, k);
    }
  }

  /**
   * Weighted fusion of min-max normalised scores.
   *
   * @param weights one weight per ranking, each finite and at least 0
   */
  record Weighted(List<Double> weights) implements Fusion {
    /** Checks and copies the weights. */
    public Weighted {
      weights = List.copyOf(weights);
      for (double w : weights) {
        if (!(w >= 0 && w <= Double.MAX_VALUE)) {
          throw new InvalidInputException("fusion weights must be finite and at least 0, were " + weights);
        }
      }
    }

    @Override
    public List<SearchHit> fuse(List<List<SearchHit>> rankings, int k) {
      Checks.k(k);
      if (rankings.size() != weights.size()) {
        throw new InvalidInputException(rankings.size() + " rankings for " + weights.size() + " weights");
      }
      Map<String, FusedItem> items = new LinkedHashMap<>();
      for (int i = 0; i < rankings.size(); i++) {
        List<SearchHit> ranking = rankings.get(i);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SearchHit h : ranking) {
          min = Math.min(min, h.score());
          max = Math.max(max, h.score());
        }
        for (SearchHit h : ranking) {
          double normalised = max > min ? (h.score() - min) / (max - min) : 1.0;
          FusedItem.of(items, h).score += weights.get(i) * normalised;
        }
      }
      return FusedItem.best(items, k);
    }
  }
}
