package io.embedkit.runtime;

import java.util.List;

/**
 * One model call's inputs: named tensors of {@code float} or {@code long} values, and for token models the
 * attention mask the poolers read.
 *
 * @param tensors the inputs, in the model's order
 * @param rows the batch size N, the first dimension of every tensor
 * @param mask the (rows, length) attention mask flattened row-major (1 real, 0 padding), or null
 * @param output the name of the output wanted, or null for the usual choice (named embeddings, else the first)
 */
public record ModelInput(List<Tensor> tensors, int rows, long[] mask, String output) {
  /** Copies the list. */
  public ModelInput {
    tensors = List.copyOf(tensors);
  }

  /**
   * A call whose output is chosen the usual way.
   *
   * @param tensors the inputs, in the model's order
   * @param rows the batch size N
   * @param mask the attention mask, or null
   */
  public ModelInput(List<Tensor> tensors, int rows, long[] mask) {
    this(tensors, rows, mask, null);
  }

  /**
   * Returns this call with more inputs and the output wanted.
   *
   * @param more inputs to add after this call's
   * @param wanted the output's name, or null
   * @return the call
   */
  public ModelInput with(List<Tensor> more, String wanted) {
    List<Tensor> all = new java.util.ArrayList<>(tensors);
    all.addAll(more);
    return new ModelInput(all, rows, mask, wanted);
  }

  /**
   * Returns a call with one float tensor, the common case for image and audio models.
   *
   * @param name the input name, or null where the engine feeds inputs by position
   * @param data the values, row-major
   * @param shape the shape; its first dimension is the batch size
   * @return the input
   */
  public static ModelInput of(String name, float[] data, long... shape) {
    return new ModelInput(List.of(Tensor.floats(name, data, shape)), (int) shape[0], null);
  }

  /**
   * A named tensor of values.
   *
   * @param name the input name, or null to feed by position
   * @param shape the shape
   * @param floats the values when the tensor is float32, else null
   * @param longs the values when the tensor is int64, else null
   */
  public record Tensor(String name, long[] shape, float[] floats, long[] longs) {
    /** Checks that exactly one of the value arrays is given and matches the shape. */
    public Tensor {
      if ((floats == null) == (longs == null)) {
        throw new IllegalArgumentException("a tensor holds either floats or longs");
      }
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      int length = floats != null ? floats.length : longs.length;
      if (n != length) {
        throw new IllegalArgumentException("tensor " + name + ": shape " + java.util.Arrays.toString(shape)
            + " needs " + n + " values, got " + length);
      }
    }

    /**
     * Returns a float32 tensor.
     *
     * @param name the input name, or null
     * @param data the values
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor floats(String name, float[] data, long... shape) {
      return new Tensor(name, shape, data, null);
    }

    /**
     * Returns an int64 tensor.
     *
     * @param name the input name, or null
     * @param data the values
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor longs(String name, long[] data, long... shape) {
      return new Tensor(name, shape, null, data);
    }
  }
}
