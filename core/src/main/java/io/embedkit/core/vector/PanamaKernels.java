package io.embedkit.core.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK's incubating Vector API. Only {@link Kernels} refers to this class, by name, and
 * only when the {@code jdk.incubator.vector} module is present at run time.
 */
final class PanamaKernels implements VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  // the filter bank is eight lanes wide; on hardware with narrower vectors the scalar default runs
  private static final boolean BANK8 = S.vectorBitSize() >= 256;
  private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
  // codes: as many bytes as float lanes, widened on load
  private static final VectorSpecies<Byte> BF = VectorSpecies.of(byte.class, VectorShape.forBitSize(S.length() * 8));

  PanamaKernels() {}

  @Override
  public float dot(float[] q, int qOffset, float[] slab, int offset, int dim) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i + step < bound; i += 2 * step) {
      acc0 = FloatVector.fromArray(S, q, qOffset + i).fma(FloatVector.fromArray(S, slab, offset + i), acc0);
      acc1 = FloatVector.fromArray(S, q, qOffset + i + step).fma(FloatVector.fromArray(S, slab, offset + i + step), acc1);
    }
    for (; i < bound; i += step) {
      acc0 = FloatVector.fromArray(S, q, qOffset + i).fma(FloatVector.fromArray(S, slab, offset + i), acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += q[qOffset + i] * slab[offset + i];
    }
    return s;
  }

  @Override
  public float squaredL2(float[] q, int qOffset, float[] slab, int offset, int dim) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i + step < bound; i += 2 * step) {
      FloatVector d0 = FloatVector.fromArray(S, q, qOffset + i).sub(FloatVector.fromArray(S, slab, offset + i));
      FloatVector d1 = FloatVector.fromArray(S, q, qOffset + i + step).sub(FloatVector.fromArray(S, slab, offset + i + step));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
    }
    for (; i < bound; i += step) {
      FloatVector d0 = FloatVector.fromArray(S, q, qOffset + i).sub(FloatVector.fromArray(S, slab, offset + i));
      acc0 = d0.fma(d0, acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      float d = q[qOffset + i] - slab[offset + i];
      s += d * d;
    }
    return s;
  }

  @Override
  public void dotX4(float[] q, float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3, int o3,
      int dim, float[] out, int outOffset) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += step) {
      FloatVector qv = FloatVector.fromArray(S, q, i);
      a0 = qv.fma(FloatVector.fromArray(S, s0, o0 + i), a0);
      a1 = qv.fma(FloatVector.fromArray(S, s1, o1 + i), a1);
      a2 = qv.fma(FloatVector.fromArray(S, s2, o2 + i), a2);
      a3 = qv.fma(FloatVector.fromArray(S, s3, o3 + i), a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD);
    float r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD);
    float r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      r0 += q[i] * s0[o0 + i];
      r1 += q[i] * s1[o1 + i];
      r2 += q[i] * s2[o2 + i];
      r3 += q[i] * s3[o3 + i];
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  @Override
  public void squaredL2X4(float[] q, float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3,
      int o3, int dim, float[] out, int outOffset) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += step) {
      FloatVector qv = FloatVector.fromArray(S, q, i);
      FloatVector d0 = qv.sub(FloatVector.fromArray(S, s0, o0 + i));
      FloatVector d1 = qv.sub(FloatVector.fromArray(S, s1, o1 + i));
      FloatVector d2 = qv.sub(FloatVector.fromArray(S, s2, o2 + i));
      FloatVector d3 = qv.sub(FloatVector.fromArray(S, s3, o3 + i));
      a0 = d0.fma(d0, a0);
      a1 = d1.fma(d1, a1);
      a2 = d2.fma(d2, a2);
      a3 = d3.fma(d3, a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD);
    float r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD);
    float r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      float d0 = q[i] - s0[o0 + i];
      float d1 = q[i] - s1[o1 + i];
      float d2 = q[i] - s2[o2 + i];
      float d3 = q[i] - s3[o3 + i];
      r0 += d0 * d0;
      r1 += d1 * d1;
      r2 += d2 * d2;
      r3 += d3 * d3;
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  @Override
  public float l1(float[] q, int qOffset, float[] slab, int offset, int dim) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += step) {
      acc = acc.add(FloatVector.fromArray(S, q, qOffset + i).sub(FloatVector.fromArray(S, slab, offset + i)).abs());
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += Math.abs(q[qOffset + i] - slab[offset + i]);
    }
    return s;
  }

  @Override
  public void filterBank8(float[] x, int xOffset, float[] k, int span, float[] out, int outOffset) {
    if (!BANK8) {
      VectorKernels.super.filterBank8(x, xOffset, k, span, out, outOffset);
      return;
    }
    // four accumulators: consecutive taps are independent chains, so the FMA latency overlaps
    FloatVector a0 = FloatVector.zero(S8);
    FloatVector a1 = FloatVector.zero(S8);
    FloatVector a2 = FloatVector.zero(S8);
    FloatVector a3 = FloatVector.zero(S8);
    int m = 0;
    for (; m + 3 < span; m += 4) {
      int b = 8 * m;
      a0 = FloatVector.fromArray(S8, k, b).fma(FloatVector.broadcast(S8, x[xOffset + m]), a0);
      a1 = FloatVector.fromArray(S8, k, b + 8).fma(FloatVector.broadcast(S8, x[xOffset + m + 1]), a1);
      a2 = FloatVector.fromArray(S8, k, b + 16).fma(FloatVector.broadcast(S8, x[xOffset + m + 2]), a2);
      a3 = FloatVector.fromArray(S8, k, b + 24).fma(FloatVector.broadcast(S8, x[xOffset + m + 3]), a3);
    }
    for (; m < span; m++) {
      a0 = FloatVector.fromArray(S8, k, 8 * m).fma(FloatVector.broadcast(S8, x[xOffset + m]), a0);
    }
    a0.add(a1).add(a2.add(a3)).intoArray(out, outOffset);
  }

  private static FloatVector widen(byte[] codes, int offset) {
    return (FloatVector) ByteVector.fromArray(BF, codes, offset).castShape(S, 0);
  }

  @Override
  public float dotCodes(float[] q, byte[] codes, int offset, int dim) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i + step < bound; i += 2 * step) {
      acc0 = FloatVector.fromArray(S, q, i).fma(widen(codes, offset + i), acc0);
      acc1 = FloatVector.fromArray(S, q, i + step).fma(widen(codes, offset + i + step), acc1);
    }
    for (; i < bound; i += step) {
      acc0 = FloatVector.fromArray(S, q, i).fma(widen(codes, offset + i), acc0);
    }
    float r = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      r = Math.fma(q[i], codes[offset + i], r);
    }
    return r;
  }

  @Override
  public void dotCodesX4(float[] q, byte[] c0, int o0, byte[] c1, int o1, byte[] c2, int o2, byte[] c3, int o3,
      int dim, float[] out, int outOffset) {
    int step = S.length();
    int bound = S.loopBound(dim);
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += step) {
      FloatVector qv = FloatVector.fromArray(S, q, i);
      a0 = qv.fma(widen(c0, o0 + i), a0);
      a1 = qv.fma(widen(c1, o1 + i), a1);
      a2 = qv.fma(widen(c2, o2 + i), a2);
      a3 = qv.fma(widen(c3, o3 + i), a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD);
    float r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD);
    float r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      r0 = Math.fma(q[i], c0[o0 + i], r0);
      r1 = Math.fma(q[i], c1[o1 + i], r1);
      r2 = Math.fma(q[i], c2[o2 + i], r2);
      r3 = Math.fma(q[i], c3[o3 + i], r3);
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  @Override
  public String name() {
    return "panama(" + S.length() + " lanes)";
  }
}
