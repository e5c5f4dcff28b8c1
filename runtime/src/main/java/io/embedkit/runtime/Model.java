package io.embedkit.runtime;

/**
 * What an {@link EncodePipeline} runs: one batch in, the model's first output out. {@link ModelRunner} runs a
 * real model on DJL; tests give the pipeline fakes with known outputs to check pooling and normalising.
 */
public interface Model extends AutoCloseable {
  /**
   * Runs the model once.
   *
   * @param input the batch
   * @return its first output
   * @throws io.embedkit.core.EmbedkitException if the model fails
   */
  ModelOutput run(ModelInput input);

  /**
   * Returns the engine's name, for descriptions.
   *
   * @return e.g. {@code "OnnxRuntime"}
   */
  String engineName();

  /** Releases the model; a second call does nothing. */
  @Override
  void close();
}
