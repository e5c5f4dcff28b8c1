package io.embedkit.core;

import java.util.List;

/**
 * Quantised embeddings as sentence-transformers' {@code quantize_embeddings} makes them: {@code int8} and
 * {@code uint8} by per-dimension ranges, {@code binary} and {@code ubinary} by sign bits packed eight to a
 * byte (first dimension in the highest bit). Smaller vectors for storage; compare binary ones with
 * {@link #hamming}.
 *
 * <pre>{@code
 * Quantization.Ranges ranges = Quantization.Ranges.fit(calibrationEmbeddings);
 * byte[] q = Quantization.int8(embedding, ranges);
 * byte[] bits = Quantization.ubinary(embedding);
 * }</pre>
 */
public final class Quantization {
  private Quantization() {}

  /**
   * Per-dimension ranges for {@code int8} / {@code uint8}: value {@code x} of dimension {@code d} maps to
   * {@code (x - starts[d]) / steps[d]}, which is 0..255 inside the range.
   *
   * @param starts the lowest value of each dimension
   * @param steps the width of one of 255 steps, per dimension
   */
  public record Ranges(float[] starts, float[] steps) {
    /** Checks the lengths and copies the arrays. */
    public Ranges {
      if (starts.length != steps.length) {
        throw new DimensionMismatchException("steps", starts.length, steps.length);
      }
      starts = starts.clone();
      steps = steps.clone();
    }

    /**
     * Returns the ranges of calibration embeddings: each dimension's minimum and maximum, as
     * sentence-transformers computes them.
     *
     * @param calibration embeddings of one dimension, at least one
     * @return the ranges
     * @throws InvalidInputException if there are none or their dimensions differ
     */
    public static Ranges fit(List<float[]> calibration) {
      if (calibration.isEmpty()) {
        throw new InvalidInputException("at least one calibration embedding is needed");
      }
      int dim = calibration.get(0).length;
      float[] min = calibration.get(0).clone();
      float[] max = calibration.get(0).clone();
      for (int i = 1; i < calibration.size(); i++) {
        float[] v = calibration.get(i);
        if (v.length != dim) {
          throw new DimensionMismatchException("calibration embedding " + i, dim, v.length);
        }
        for (int d = 0; d < dim; d++) {
          min[d] = Math.min(min[d], v[d]);
          max[d] = Math.max(max[d], v[d]);
        }
      }
      float[] steps = new float[dim];
      for (int d = 0; d < dim; d++) {
        steps[d] = (max[d] - min[d]) / 255f;
      }
      return new Ranges(min, steps);
    }
  }

  /**
   * Returns the {@code int8} quantisation: {@code trunc((x - start) / step - 128)} per dimension.
   *
   * @param v the embedding
   * @param ranges the ranges, of the same dimension
   * @return one signed byte per dimension
   */
  public static byte[] int8(float[] v, Ranges ranges) {
    return scaled(v, ranges, 128f);
  }

  /**
   * Returns the {@code uint8} quantisation: {@code trunc((x - start) / step)} per dimension, as unsigned
   * bytes (read them with {@link Byte#toUnsignedInt}).
   *
   * @param v the embedding
   * @param ranges the ranges, of the same dimension
   * @return one unsigned byte per dimension
   */
  public static byte[] uint8(float[] v, Ranges ranges) {
    return scaled(v, ranges, 0f);
  }

  private static byte[] scaled(float[] v, Ranges ranges, float offset) {
    if (v.length != ranges.starts().length) {
      throw new DimensionMismatchException("embedding", ranges.starts().length, v.length);
    }
    byte[] out = new byte[v.length];
    for (int d = 0; d < v.length; d++) {
      // float arithmetic and truncation toward zero, as numpy's astype does
      out[d] = (byte) (int) ((v[d] - ranges.starts()[d]) / ranges.steps()[d] - offset);
    }
    return out;
  }

  /**
   * Returns the {@code ubinary} quantisation: bit set where a component is positive, packed big-endian,
   * the last byte padded with zeros.
   *
   * @param v the embedding
   * @return {@code ceil(dim / 8)} bytes
   */
  public static byte[] ubinary(float[] v) {
    byte[] out = new byte[(v.length + 7) / 8];
    for (int d = 0; d < v.length; d++) {
      if (v[d] > 0) {
        out[d >> 3] |= (byte) (0x80 >>> (d & 7));
      }
    }
    return out;
  }

  /**
   * Returns the {@code binary} quantisation: the {@link #ubinary} bytes minus 128, as signed bytes.
   *
   * @param v the embedding
   * @return {@code ceil(dim / 8)} bytes
   */
  public static byte[] binary(float[] v) {
    byte[] out = ubinary(v);
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((out[i] & 0xFF) - 128);
    }
    return out;
  }

  /**
   * Returns the number of differing bits of two packed bit vectors ({@link #ubinary} or {@link #binary}).
   *
   * @param a the first
   * @param b the second, of the same length
   * @return the Hamming distance
   */
  public static int hamming(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new DimensionMismatchException("second bit vector", a.length, b.length);
    }
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
    }
    return n;
  }
}
