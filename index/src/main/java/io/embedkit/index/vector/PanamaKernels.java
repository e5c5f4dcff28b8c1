package io.embedkit.index.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK's incubating Vector API. Only {@link Kernels} refers to this class, by name, and
 * only when the {@code jdk.incubator.vector} module is present at run time.
 */
final class PanamaKernels implements VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

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
  public String name() {
    return "panama(" + S.length() + " lanes)";
  }
}
