package io.embedkit.index.vector;

import io.embedkit.core.Vectors;

/** Plain-Java kernels; always available. */
public final class ScalarKernels implements VectorKernels {
  /** The shared instance. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public float dot(float[] q, float[] slab, int offset, int dim) {
    return Vectors.dot(q, slab, offset, dim);
  }

  @Override
  public float squaredL2(float[] q, float[] slab, int offset, int dim) {
    return Vectors.squaredL2(q, slab, offset, dim);
  }

  @Override
  public float l1(float[] q, float[] slab, int offset, int dim) {
    return Vectors.l1(q, slab, offset, dim);
  }

  @Override
  public String name() {
    return "scalar";
  }
}
