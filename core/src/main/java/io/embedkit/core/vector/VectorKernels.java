package io.embedkit.core.vector;

/**
 * Numeric kernels: distances between a query and a vector stored at an offset in a slab, and a bank of eight
 * filters read at one position. Implementations give the same results as {@link ScalarKernels} to within
 * float rounding.
 */
public interface VectorKernels {
  /**
   * Returns the dot product of {@code q} with {@code slab[offset .. offset + dim)}.
   *
   * @param q the query
   * @param slab the stored vectors
   * @param offset where the vector starts
   * @param dim the dimension
   * @return the dot product
   */
  default float dot(float[] q, float[] slab, int offset, int dim) {
    return dot(q, 0, slab, offset, dim);
  }

  /**
   * The same between two vectors that both sit in slabs.
   *
   * @param a the first slab
   * @param aOffset where the first vector starts
   * @param b the second slab
   * @param bOffset where the second vector starts
   * @param dim the dimension
   * @return the value
   */
  float dot(float[] a, int aOffset, float[] b, int bOffset, int dim);

  /**
   * Returns the squared Euclidean distance of {@code q} to {@code slab[offset .. offset + dim)}.
   *
   * @param q the query
   * @param slab the stored vectors
   * @param offset where the vector starts
   * @param dim the dimension
   * @return the squared distance
   */
  default float squaredL2(float[] q, float[] slab, int offset, int dim) {
    return squaredL2(q, 0, slab, offset, dim);
  }

  /**
   * The same between two vectors that both sit in slabs.
   *
   * @param a the first slab
   * @param aOffset where the first vector starts
   * @param b the second slab
   * @param bOffset where the second vector starts
   * @param dim the dimension
   * @return the value
   */
  float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int dim);

  /**
   * Returns the Manhattan distance of {@code q} to {@code slab[offset .. offset + dim)}.
   *
   * @param q the query
   * @param slab the stored vectors
   * @param offset where the vector starts
   * @param dim the dimension
   * @return the distance
   */
  default float l1(float[] q, float[] slab, int offset, int dim) {
    return l1(q, 0, slab, offset, dim);
  }

  /**
   * The same between two vectors that both sit in slabs.
   *
   * @param a the first slab
   * @param aOffset where the first vector starts
   * @param b the second slab
   * @param bOffset where the second vector starts
   * @param dim the dimension
   * @return the value
   */
  float l1(float[] a, int aOffset, float[] b, int bOffset, int dim);

  /**
   * Scores one query against four stored vectors by dot product at once, which lets their memory loads
   * overlap; {@code out[outOffset + i]} gets vector {@code i}.
   *
   * @param q the query
   * @param s0 the first vector's slab
   * @param o0 where the first vector starts
   * @param s1 the second vector's slab
   * @param o1 where the second vector starts
   * @param s2 the third vector's slab
   * @param o2 where the third vector starts
   * @param s3 the fourth vector's slab
   * @param o3 where the fourth vector starts
   * @param dim the dimension
   * @param out receives the four values
   * @param outOffset where the first value goes
   */
  default void dotX4(float[] q, float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3, int o3,
      int dim, float[] out, int outOffset) {
    out[outOffset] = dot(q, 0, s0, o0, dim);
    out[outOffset + 1] = dot(q, 0, s1, o1, dim);
    out[outOffset + 2] = dot(q, 0, s2, o2, dim);
    out[outOffset + 3] = dot(q, 0, s3, o3, dim);
  }

  /**
   * The same as {@link #dotX4} for the squared Euclidean distance.
   *
   * @param q the query
   * @param s0 the first vector's slab
   * @param o0 where the first vector starts
   * @param s1 the second vector's slab
   * @param o1 where the second vector starts
   * @param s2 the third vector's slab
   * @param o2 where the third vector starts
   * @param s3 the fourth vector's slab
   * @param o3 where the fourth vector starts
   * @param dim the dimension
   * @param out receives the four values
   * @param outOffset where the first value goes
   */
  default void squaredL2X4(float[] q, float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3,
      int o3, int dim, float[] out, int outOffset) {
    out[outOffset] = squaredL2(q, 0, s0, o0, dim);
    out[outOffset + 1] = squaredL2(q, 0, s1, o1, dim);
    out[outOffset + 2] = squaredL2(q, 0, s2, o2, dim);
    out[outOffset + 3] = squaredL2(q, 0, s3, o3, dim);
  }

  /**
   * Applies eight filters to one window of a signal: for each lane {@code l < 8},
   * {@code out[outOffset + l] = sum over m < span of x[xOffset + m] * k[8 * m + l]}. The filters are stored
   * interleaved (tap {@code m} of all eight, then tap {@code m + 1}), so lanes whose filter is shorter hold
   * zeros. This is the inner step of polyphase resampling: eight consecutive output samples at once.
   *
   * @param x the signal
   * @param xOffset where the window starts
   * @param k the interleaved taps, at least {@code 8 * span} of them
   * @param span the window length
   * @param out receives the eight values
   * @param outOffset where the first value goes
   */
  default void filterBank8(float[] x, int xOffset, float[] k, int span, float[] out, int outOffset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    for (int m = 0, b = 0; m < span; m++, b += 8) {
      float v = x[xOffset + m];
      s0 = Math.fma(k[b], v, s0);
      s1 = Math.fma(k[b + 1], v, s1);
      s2 = Math.fma(k[b + 2], v, s2);
      s3 = Math.fma(k[b + 3], v, s3);
      s4 = Math.fma(k[b + 4], v, s4);
      s5 = Math.fma(k[b + 5], v, s5);
      s6 = Math.fma(k[b + 6], v, s6);
      s7 = Math.fma(k[b + 7], v, s7);
    }
    out[outOffset] = s0;
    out[outOffset + 1] = s1;
    out[outOffset + 2] = s2;
    out[outOffset + 3] = s3;
    out[outOffset + 4] = s4;
    out[outOffset + 5] = s5;
    out[outOffset + 6] = s6;
    out[outOffset + 7] = s7;
  }

  /**
   * Returns a short name for logs and benchmarks.
   *
   * @return e.g. {@code "scalar"}
   */
  String name();

  /**
   * Returns the dot product of a float vector and signed 8-bit codes.
   *
   * @param q the float vector, from index 0
   * @param codes the codes
   * @param offset where the codes start
   * @param dim how many components
   * @return the dot product
   */
  default float dotCodes(float[] q, byte[] codes, int offset, int dim) {
    float s = 0;
    for (int i = 0; i < dim; i++) {
      s = Math.fma(q[i], codes[offset + i], s);
    }
    return s;
  }

  /**
   * Returns the dot products of a float vector and four runs of signed 8-bit codes into {@code out}.
   *
   * @param q the float vector, from index 0
   * @param c0 the first codes
   * @param o0 where they start
   * @param c1 the second codes
   * @param o1 where they start
   * @param c2 the third codes
   * @param o2 where they start
   * @param c3 the fourth codes
   * @param o3 where they start
   * @param dim how many components
   * @param out where the four results go
   * @param outOffset the index of the first
   */
  default void dotCodesX4(float[] q, byte[] c0, int o0, byte[] c1, int o1, byte[] c2, int o2, byte[] c3, int o3,
      int dim, float[] out, int outOffset) {
    out[outOffset] = dotCodes(q, c0, o0, dim);
    out[outOffset + 1] = dotCodes(q, c1, o1, dim);
    out[outOffset + 2] = dotCodes(q, c2, o2, dim);
    out[outOffset + 3] = dotCodes(q, c3, o3, dim);
  }
}
