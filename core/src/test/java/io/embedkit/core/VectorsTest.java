package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.testing.TestSeeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorsTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void kernelsMatchADoublePrecisionReferenceForEveryDimensionUpTo1024() {
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int dim = 1; dim <= 1024; dim++) {
      float[] a = TestSeeds.randomVector(r, dim);
      float[] b = TestSeeds.randomVector(r, dim);
      double dot = 0;
      double l2 = 0;
      double l1 = 0;
      double na = 0;
      double nb = 0;
      double absDot = 0;
      for (int i = 0; i < dim; i++) {
        dot += (double) a[i] * b[i];
        absDot += Math.abs((double) a[i] * b[i]);
        double d = (double) a[i] - b[i];
        l2 += d * d;
        l1 += Math.abs(d);
        na += (double) a[i] * a[i];
        nb += (double) b[i] * b[i];
      }
      String msg = "seed " + seed + ", dim " + dim;
      // relative to the magnitude of the summed terms, which bounds float rounding in any summation order
      assertThat((double) Vectors.dot(a, b)).as(msg).isCloseTo(dot, within(TOLERANCE * Math.max(1, absDot)));
      assertThat((double) Vectors.squaredL2(a, b)).as(msg).isCloseTo(l2, within(TOLERANCE * Math.max(1, l2)));
      assertThat((double) Vectors.l1(a, b)).as(msg).isCloseTo(l1, within(TOLERANCE * Math.max(1, l1)));
      assertThat((double) Vectors.cosine(a, b)).as(msg)
          .isCloseTo(dot / Math.sqrt(na * nb), within(TOLERANCE * Math.max(1, absDot / Math.sqrt(na * nb))));
      assertThat((double) Vectors.norm(a)).as(msg).isCloseTo(Math.sqrt(na), within(TOLERANCE * Math.sqrt(na)));
    }
  }

  @Test
  void offsetKernelsReadTheVectorAtTheOffset() {
    float[] slab = {9, 9, 1, 2, 3, 9};
    float[] q = {1, 0, 2};
    assertThat(Vectors.dot(q, slab, 2, 3)).isEqualTo(7f);
    assertThat(Vectors.squaredL2(q, slab, 2, 3)).isEqualTo(0f + 4f + 1f);
    assertThat(Vectors.l1(q, slab, 2, 3)).isEqualTo(0f + 2f + 1f);
  }

  @Test
  void normalizingKeepsZeroVectorsZero() {
    assertThat(Vectors.normalized(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
    assertThat(Vectors.normalized(new float[] {0, 0})).containsExactly(0f, 0f);
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int t = 0; t < 1000; t++) { // normalising a unit vector again changes no bit
      float[] v = new float[384];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      float[] once = Vectors.normalized(v);
      assertThat(Vectors.normalized(once)).containsExactly(once);
    }
    assertThat(Vectors.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
  }

  @Test
  void checkNamesTheFault() {
    assertThatThrownBy(() -> Vectors.check(new float[] {1, Float.NaN}, 2, "vector for id 'x'"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("vector for id 'x' has a non-finite component NaN at position 1");
    assertThatThrownBy(() -> Vectors.check(new float[] {Float.NEGATIVE_INFINITY}, 1, "query"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("query has a non-finite component -Infinity at position 0");
    assertThatThrownBy(() -> Vectors.check(new float[3], 2, "query"))
        .isInstanceOf(DimensionMismatchException.class)
        .hasMessage("query has dimension 3, expected 2");
    assertThatThrownBy(() -> Vectors.check(null, 2, "query"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("query is null");
    assertThatThrownBy(() -> Vectors.dot(new float[2], new float[3]))
        .isInstanceOf(DimensionMismatchException.class);
  }
}
