package io.embedkit.core.vector;

import io.embedkit.core.Vectors;

/** Plain-Java kernels; always available. */
public final class ScalarKernels implements VectorKernels {
  /** The shared instance. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return Vectors.dot(a, aOffset, b, bOffset, dim);
  }

  @Override
  public float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return Vectors.squaredL2(a, aOffset, b, bOffset, dim);
  }

  @Override
  public float l1(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return Vectors.l1(a, aOffset, b, bOffset, dim);
  }

  @Override
  public String name() {
    return "scalar";
  }
}
