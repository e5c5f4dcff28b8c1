package io.embedkit.runtime;

import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import java.util.List;

/**
 * An {@link Encoder} whose work is done by an {@link EncodePipeline}: what the text, image and audio encoders
 * share, so each holds only what is specific to its modality. Thread-safe as its pipeline is.
 *
 * @param <I> the item type
 */
public abstract class PipelineEncoder<I> implements Encoder<I> {
  /** Creates the encoder; subclasses build their pipeline in their constructor. */
  protected PipelineEncoder() {}

  /**
   * Returns the pipeline this encoder runs.
   *
   * @return the pipeline
   */
  protected abstract EncodePipeline<I, ?> pipeline();

  @Override
  public float[] encode(I input) {
    if (input == null) {
      throw new InvalidInputException("input " + pipeline().noun() + " must not be null");
    }
    return encodeAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> encodeAll(List<? extends I> inputs) {
    return encodeAll(inputs, Progress.NONE);
  }

  @Override
  public List<float[]> encodeAll(List<? extends I> inputs, Progress progress) {
    return pipeline().encode(inputs, progress);
  }

  /**
   * Releases what the subclass holds besides the pipeline's model (tokenizers, decoders); called once, by the
   * first {@link #close()}.
   */
  protected void release() {}

  /** Closes the model and whatever else the encoder holds; a second call does nothing. */
  @Override
  public final synchronized void close() {
    if (pipeline().isClosed()) {
      return;
    }
    try {
      pipeline().close();
    } finally {
      release();
    }
  }
}
