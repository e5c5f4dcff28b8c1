package io.embedkit.core;

/**
 * Scalar vector kernels and input checks shared by every metric and index.
 *
 * <p>The loops keep four independent accumulators so the JIT can unroll and pipeline them; the offset
 * variants read the second operand from a larger slab, as indexes store their vectors.
 */
public final class Vectors {
  private Vectors() {}

  /**
   * Returns the dot product of two vectors of the same length.
   *
   * @param a the first vector
   * @param b the second vector
   * @return {@code sum(a[i] * b[i])}
   */
  public static float dot(float[] a, float[] b) {
    checkSameLength(a, b);
    return dot(a, b, 0, a.length);
  }

  /**
   * Returns the dot product of {@code a} with {@code b[offset .. offset + dim)}.
   *
   * @param a the first vector, of length at least {@code dim}
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the dot product
   */
  public static float dot(float[] a, float[] b, int offset, int dim) {
    return dot(a, 0, b, offset, dim);
  }

  /**
   * Returns the dot product of {@code a[aOffset .. aOffset + dim)} and {@code b[offset .. offset + dim)}.
   *
   * @param a the slab holding the first vector
   * @param aOffset where the first vector starts in {@code a}
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the dot product
   */
  public static float dot(float[] a, int aOffset, float[] b, int offset, int dim) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = dim & ~3;
    for (; i < bound; i += 4) {
      s0 += a[aOffset + i] * b[offset + i];
      s1 += a[aOffset + i + 1] * b[offset + i + 1];
      s2 += a[aOffset + i + 2] * b[offset + i + 2];
      s3 += a[aOffset + i + 3] * b[offset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[aOffset + i] * b[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Returns the squared Euclidean distance of two vectors of the same length.
   *
   * @param a the first vector
   * @param b the second vector
   * @return {@code sum((a[i] - b[i])^2)}
   */
  public static float squaredL2(float[] a, float[] b) {
    checkSameLength(a, b);
    return squaredL2(a, b, 0, a.length);
  }

  /**
   * Returns the squared Euclidean distance of {@code a} to {@code b[offset .. offset + dim)}.
   *
   * @param a the first vector
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the squared distance
   */
  public static float squaredL2(float[] a, float[] b, int offset, int dim) {
    return squaredL2(a, 0, b, offset, dim);
  }

  /**
   * Returns the squared Euclidean distance of {@code a[aOffset .. aOffset + dim)} to {@code b[offset .. offset + dim)}.
   *
   * @param a the slab holding the first vector
   * @param aOffset where the first vector starts in {@code a}
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the squared distance
   */
  public static float squaredL2(float[] a, int aOffset, float[] b, int offset, int dim) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = dim & ~3;
    for (; i < bound; i += 4) {
      float d0 = a[aOffset + i] - b[offset + i];
      float d1 = a[aOffset + i + 1] - b[offset + i + 1];
      float d2 = a[aOffset + i + 2] - b[offset + i + 2];
      float d3 = a[aOffset + i + 3] - b[offset + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < dim; i++) {
      float d = a[aOffset + i] - b[offset + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Returns the Manhattan distance of two vectors of the same length.
   *
   * @param a the first vector
   * @param b the second vector
   * @return {@code sum(|a[i] - b[i]|)}
   */
  public static float l1(float[] a, float[] b) {
    checkSameLength(a, b);
    return l1(a, b, 0, a.length);
  }

  /**
   * Returns the Manhattan distance of {@code a} to {@code b[offset .. offset + dim)}.
   *
   * @param a the first vector
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the distance
   */
  public static float l1(float[] a, float[] b, int offset, int dim) {
    return l1(a, 0, b, offset, dim);
  }

  /**
   * Returns the Manhattan distance of {@code a[aOffset .. aOffset + dim)} to {@code b[offset .. offset + dim)}.
   *
   * @param a the slab holding the first vector
   * @param aOffset where the first vector starts in {@code a}
   * @param b the slab holding the second vector
   * @param offset where the second vector starts in {@code b}
   * @param dim the dimension
   * @return the distance
   */
  public static float l1(float[] a, int aOffset, float[] b, int offset, int dim) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = dim & ~3;
    for (; i < bound; i += 4) {
      s0 += Math.abs(a[aOffset + i] - b[offset + i]);
      s1 += Math.abs(a[aOffset + i + 1] - b[offset + i + 1]);
      s2 += Math.abs(a[aOffset + i + 2] - b[offset + i + 2]);
      s3 += Math.abs(a[aOffset + i + 3] - b[offset + i + 3]);
    }
    for (; i < dim; i++) {
      s0 += Math.abs(a[aOffset + i] - b[offset + i]);
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Returns the cosine similarity of two vectors of the same length; 0 when either has zero length.
   *
   * @param a the first vector
   * @param b the second vector
   * @return the cosine of the angle between them, in [-1, 1]
   */
  public static float cosine(float[] a, float[] b) {
    checkSameLength(a, b);
    double na = dot(a, a, 0, a.length);
    double nb = dot(b, b, 0, b.length);
    if (na == 0 || nb == 0) {
      return 0f;
    }
    double c = dot(a, b, 0, a.length) / Math.sqrt(na * nb);
    return (float) Math.max(-1.0, Math.min(1.0, c));
  }

  /**
   * Returns the Euclidean length of a vector.
   *
   * @param v the vector
   * @return {@code sqrt(sum(v[i]^2))}
   */
  public static float norm(float[] v) {
    return (float) Math.sqrt(dot(v, v, 0, v.length));
  }

  /**
   * Returns a copy of {@code v} scaled to unit length; a zero vector is returned as a zero copy.
   *
   * @param v the vector
   * @return a new unit-length vector
   */
  public static float[] normalized(float[] v) {
    float[] out = v.clone();
    normalizeInPlace(out);
    return out;
  }

  /**
   * Scales {@code v} to unit length in place; a zero vector stays zero, and a vector already of unit length
   * to float precision (within 1e-6) stays exactly as it is, so normalising twice changes nothing.
   *
   * @param v the vector to scale
   */
  public static void normalizeInPlace(float[] v) {
    double n = Math.sqrt(dot(v, v, 0, v.length));
    if (n == 0 || Math.abs(n - 1) < 1e-6) {
      return;
    }
    float inv = (float) (1.0 / n);
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  /**
   * Checks that a vector is non-null, has the expected dimension and only finite components.
   *
   * @param v the vector
   * @param dimension the dimension required
   * @param what names the vector in messages, e.g. {@code "vector for id 'a'"} or {@code "query"}
   * @throws InvalidInputException if {@code v} is null or holds a NaN or infinite component
   * @throws DimensionMismatchException if its length is not {@code dimension}
   */
  public static void check(float[] v, int dimension, String what) {
    if (v == null) {
      throw new InvalidInputException(what + " is null");
    }
    if (v.length != dimension) {
      throw new DimensionMismatchException(what, dimension, v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new InvalidInputException(what + " has a non-finite component " + v[i] + " at position " + i);
      }
    }
  }

  private static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new DimensionMismatchException("second vector", a.length, b.length);
    }
  }
}
