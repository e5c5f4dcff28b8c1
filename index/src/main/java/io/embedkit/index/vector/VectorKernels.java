package io.embedkit.index.vector;

/**
 * Distance kernels over a query and a vector stored at an offset in a slab. Implementations give the same
 * results as {@link ScalarKernels} to within float rounding.
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
   * Scores {@code count} consecutive vectors by dot product; {@code out[i]} gets vector {@code first + i}.
   *
   * @param q the query
   * @param slab the stored vectors, {@code dim} floats each
   * @param first the first vector's ordinal
   * @param count how many vectors
   * @param dim the dimension
   * @param out receives the scores
   */
  default void bulkDot(float[] q, float[] slab, int first, int count, int dim, float[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = dot(q, slab, (first + i) * dim, dim);
    }
  }

  /**
   * Returns a short name for logs and benchmarks.
   *
   * @return e.g. {@code "scalar"}
   */
  String name();
}
