package io.embedkit.index.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.embedkit.core.testing.TestSeeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {
  @Test
  void theForcedOrDetectedImplementationIsInUse() {
    String forced = System.getProperty(Kernels.PROPERTY, "");
    if (forced.equals("scalar")) {
      assertThat(Kernels.get()).isSameAs(ScalarKernels.INSTANCE);
    } else if (Kernels.panamaAvailable()) {
      assertThat(Kernels.get().name()).startsWith("panama");
    } else {
      assertThat(Kernels.get()).isSameAs(ScalarKernels.INSTANCE);
    }
  }

  @Test
  void simdKernelsAgreeWithScalarOnesAtPrimeLengthsAndOffsets() {
    assumeTrue(Kernels.panamaAvailable(), "needs --add-modules jdk.incubator.vector");
    VectorKernels simd = Kernels.panama();
    VectorKernels scalar = ScalarKernels.INSTANCE;
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int dim : new int[] {1, 7, 8, 15, 16, 17, 31, 384, 1021}) {
      float[] q = TestSeeds.randomVector(r, dim);
      float[] slab = TestSeeds.randomVector(r, dim * 3 + 5);
      for (int offset : new int[] {0, 3, dim + 5, 2 * dim + 5}) {
        String msg = "tests.seed=" + seed + " dim " + dim + " offset " + offset;
        assertThat(simd.dot(q, slab, offset, dim)).as(msg)
            .isCloseTo(scalar.dot(q, slab, offset, dim), within(1e-4f * Math.max(1, dim / 16f)));
        assertThat(simd.squaredL2(q, slab, offset, dim)).as(msg)
            .isCloseTo(scalar.squaredL2(q, slab, offset, dim), within(1e-4f * Math.max(1, dim / 16f)));
        assertThat(simd.l1(q, slab, offset, dim)).as(msg)
            .isCloseTo(scalar.l1(q, slab, offset, dim), within(1e-4f * Math.max(1, dim / 16f)));
      }
    }
    float[] out = new float[3];
    float[] q = {1, 2};
    simd.bulkDot(q, new float[] {1, 0, 0, 1, 1, 1}, 0, 3, 2, out);
    assertThat(out).containsExactly(1, 2, 3);
  }
}
