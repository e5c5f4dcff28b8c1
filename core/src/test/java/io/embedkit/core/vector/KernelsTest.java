package io.embedkit.core.vector;

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
  }

  @Test
  void fourAtATimeKernelsAgreeWithOneAtATime() {
    java.util.List<VectorKernels> kernels = new java.util.ArrayList<>(java.util.List.of(ScalarKernels.INSTANCE));
    if (Kernels.panamaAvailable()) {
      kernels.add(Kernels.panama());
    }
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (VectorKernels k : kernels) {
      for (int dim : new int[] {1, 7, 8, 17, 128, 384, 1021}) {
        float[] q = TestSeeds.randomVector(r, dim);
        float[] a = TestSeeds.randomVector(r, dim * 2 + 3);
        float[] b = TestSeeds.randomVector(r, dim * 3);
        int[] offsets = {dim + 3, 0, 2 * dim, 3};
        float[][] slabs = {a, b, b, a};
        float[] dots = new float[6];
        float[] l2s = new float[6];
        k.dotX4(q, a, offsets[0], b, offsets[1], b, offsets[2], a, offsets[3], dim, dots, 2);
        k.squaredL2X4(q, a, offsets[0], b, offsets[1], b, offsets[2], a, offsets[3], dim, l2s, 2);
        float tol = 1e-4f * Math.max(1, dim / 16f);
        for (int i = 0; i < 4; i++) {
          String msg = "tests.seed=" + seed + " " + k.name() + " dim " + dim + " vector " + i;
          assertThat(dots[2 + i]).as(msg).isCloseTo(k.dot(q, 0, slabs[i], offsets[i], dim), within(tol));
          assertThat(l2s[2 + i]).as(msg).isCloseTo(k.squaredL2(q, 0, slabs[i], offsets[i], dim), within(tol));
        }
        assertThat(dots[0]).isZero(); // nothing written outside the four slots
        assertThat(l2s[1]).isZero();
      }
    }
  }

  @Test
  void filterBankAgreesWithEightSeparateDotProducts() {
    java.util.List<VectorKernels> kernels = new java.util.ArrayList<>(java.util.List.of(ScalarKernels.INSTANCE));
    if (Kernels.panamaAvailable()) {
      kernels.add(Kernels.panama());
    }
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (VectorKernels k : kernels) {
      for (int span : new int[] {0, 1, 3, 4, 5, 34, 55}) {
        float[] x = TestSeeds.randomVector(r, span + 9);
        float[] bank = TestSeeds.randomVector(r, 8 * span);
        float[] out = new float[10];
        k.filterBank8(x, 7, bank, span, out, 1);
        for (int l = 0; l < 8; l++) {
          double want = 0;
          for (int m = 0; m < span; m++) {
            want += (double) x[7 + m] * bank[8 * m + l];
          }
          assertThat((double) out[1 + l]).as("tests.seed=%d %s span %d lane %d", seed, k.name(), span, l)
              .isCloseTo(want, within(1e-5 * Math.max(1, span)));
        }
        assertThat(out[0]).isZero(); // nothing written outside the eight slots
        assertThat(out[9]).isZero();
      }
    }
  }

  @Test
  void codeKernelsAgreeWithPlainLoopsAtPrimeLengthsAndOffsets() {
    java.util.List<VectorKernels> kernels = new java.util.ArrayList<>(java.util.List.of(ScalarKernels.INSTANCE));
    if (Kernels.panamaAvailable()) {
      kernels.add(Kernels.panama());
    }
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (VectorKernels k : kernels) {
      for (int dim : new int[] {1, 7, 8, 15, 16, 17, 31, 64, 384, 1021}) {
        float[] q = TestSeeds.randomVector(r, dim);
        byte[] codes = new byte[dim * 4 + 5];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = (byte) (r.nextInt(255) - 127); // -127..127, the range codes use
        }
        codes[0] = -127;
        codes[codes.length - 1] = 127;
        int[] offsets = {0, 3, dim + 5, 3 * dim + 5};
        float[] four = new float[6];
        k.dotCodesX4(q, codes, offsets[0], codes, offsets[1], codes, offsets[2], codes, offsets[3], dim, four, 2);
        for (int j = 0; j < 4; j++) {
          int offset = offsets[j];
          String msg = k.name() + " tests.seed=" + seed + " dim " + dim + " offset " + offset;
          double want = 0;
          for (int i = 0; i < dim; i++) {
            want += (double) q[i] * codes[offset + i];
          }
          float tolerance = 1e-3f * Math.max(1, dim / 16f);
          assertThat(k.dotCodes(q, codes, offset, dim)).as(msg).isCloseTo((float) want, within(tolerance));
          assertThat(four[2 + j]).as(msg + " (four at a time)").isCloseTo((float) want, within(tolerance));
        }
      }
    }
  }
}
