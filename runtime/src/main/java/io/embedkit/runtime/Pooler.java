package io.embedkit.runtime;

/**
 * Turns one row of a model's output into that row's embedding.
 */
@FunctionalInterface
public interface Pooler {
  /**
   * Returns the embedding of one row.
   *
   * @param output the model's first output for the batch
   * @param input the batch that produced it (its mask, for token models)
   * @param row the row
   * @return a new vector
   * @throws io.embedkit.core.EmbedkitException if the output does not fit the input
   */
  float[] pool(ModelOutput output, ModelInput input, int row);

  /**
   * Returns DESIGN.md's output rule: (N, D) as is; (N, T, D) the mean over T (over the real tokens when the
   * input has a mask); (N, C, H, W) the mean over H and W.
   *
   * @return the pooler
   */
  static Pooler shapeRule() {
    return (output, input, row) -> EncoderOutputs.pool(output.data(), output.shape(), row, input.rows(),
        input.mask());
  }
}
