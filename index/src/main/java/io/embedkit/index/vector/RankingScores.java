package io.embedkit.index.vector;

import io.embedkit.core.Metric;

/**
 * The cheap score indexes rank by while searching: the dot product for {@link Metric#COSINE} (on unit
 * vectors) and {@link Metric#DOT}, the negated squared distance for {@link Metric#L2}, the negated distance
 * for {@link Metric#L1}. Each is monotone in the metric's score, so only the final hits are converted.
 */
public final class RankingScores {
  private RankingScores() {}

  /**
   * Turns a ranking score into the metric's public {@link Metric#score} value.
   *
   * @param metric the metric
   * @param ranking the ranking score
   * @return the score
   */
  public static float toScore(Metric metric, float ranking) {
    switch (metric) {
      case COSINE:
        return Math.max(-1f, Math.min(1f, ranking));
      case L2:
        return -(float) Math.sqrt(Math.max(0f, -ranking));
      default:
        return ranking;
    }
  }
}
