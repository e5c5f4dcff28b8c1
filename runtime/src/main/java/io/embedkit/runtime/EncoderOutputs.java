package io.embedkit.runtime;

import io.embedkit.core.EmbedkitException;

/** The model output rule of DESIGN.md and the final normalisation, as every encoder applies them. */
public final class EncoderOutputs {
  private EncoderOutputs() {}

  /**
   * Returns one row's embedding from a model's first output: (N, D) as is, (N, T, D) the mean over T,
   * (N, C, H, W) the mean over H and W.
   *
   * @param data the output values, row-major
   * @param shape the output shape
   * @param row the row
   * @param rows the rows the input had, checked against the output
   * @param mask for (N, T, D): the (N, T) attention mask, so only real tokens are averaged; or null
   * @return the embedding
   * @throws EmbedkitException if the output has another number of rows or rank, or does not fit the mask
   */
  public static float[] pool(float[] data, long[] shape, int row, int rows, long[] mask) {
    if (shape[0] != rows) {
      throw new EmbedkitException("model output has " + shape[0] + " rows for " + rows + " inputs");
    }
    if (shape.length < 2 || shape.length > 4) {
      throw new EmbedkitException("model output has rank " + shape.length + "; expected (N, D), (N, T, D) or"
          + " (N, C, H, W)");
    }
    int dim = (int) (shape.length == 4 ? shape[1] : shape[shape.length - 1]);
    float[] v = new float[dim];
    if (shape.length == 2) {
      System.arraycopy(data, row * dim, v, 0, dim);
      return v;
    }
    int spatial = shape.length == 3 ? (int) shape[1] : (int) (shape[2] * shape[3]);
    boolean masked = shape.length == 3 && mask != null;
    if (masked && mask.length != rows * spatial) {
      throw new EmbedkitException("model output has " + spatial + " tokens per row, its input had "
          + mask.length / rows);
    }
    int count = spatial;
    if (masked) {
      count = 0;
      for (int k = 0; k < spatial; k++) {
        count += mask[row * spatial + k] != 0 ? 1 : 0;
      }
    }
    for (int c = 0; c < dim; c++) {
      double sum = 0;
      for (int k = 0; k < spatial; k++) { // (N, C, H, W): a channel's plane is contiguous
        if (masked && mask[row * spatial + k] == 0) {
          continue;
        }
        sum += shape.length == 4 ? data[(row * dim + c) * spatial + k] : data[(row * spatial + k) * dim + c];
      }
      v[c] = (float) (sum / Math.max(count, 1));
    }
    return v;
  }

  /**
   * Returns the embedding dimension a first-output shape gives.
   *
   * @param shape the output shape
   * @return D, or C for (N, C, H, W); -1 for an unsupported rank
   */
  public static int dimension(long[] shape) {
    if (shape.length == 2 || shape.length == 3) {
      return (int) shape[shape.length - 1];
    }
    return shape.length == 4 ? (int) shape[1] : -1;
  }

  /**
   * Scales a vector to unit length in place as {@code torch.nn.functional.normalize} does: divides by
   * {@code max(norm, 1e-12)}, accumulating in double.
   *
   * @param v the vector
   */
  public static void l2Normalize(float[] v) {
    double n = 0;
    for (float f : v) {
      n += (double) f * f;
    }
    double norm = Math.max(Math.sqrt(n), 1e-12);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
  }
}
