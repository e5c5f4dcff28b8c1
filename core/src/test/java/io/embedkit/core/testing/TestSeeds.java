package io.embedkit.core.testing;

import java.util.SplittableRandom;

/** Seeds for randomized tests: {@code -Dtests.seed=N} replays a run; otherwise one is drawn. */
public final class TestSeeds {
  private TestSeeds() {}

  /**
   * Returns the seed for this run.
   *
   * @return the seed from {@code tests.seed}, or a fresh one
   */
  public static long seed() {
    String s = System.getProperty("tests.seed");
    return s == null || s.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
  }

  /**
   * Returns a random vector with components in [-1, 1).
   *
   * @param r the random source
   * @param dim the dimension
   * @return the vector
   */
  public static float[] randomVector(SplittableRandom r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }
}
