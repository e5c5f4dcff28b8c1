package io.embedkit.core;

import io.embedkit.core.djl.ModelEngine;

/**
 * Settings every encoder takes when opened by name through {@link Encoders}.
 *
 * @param batchSize items per model call, or 0 for the encoder's default
 * @param threads native threads per model call, or 0 for the engine's default
 * @param engine the engine when a folder holds both weight files, or null to choose from the folder
 */
public record EncoderOptions(int batchSize, int threads, ModelEngine engine) {
  /** The encoders' own defaults. */
  public static final EncoderOptions DEFAULTS = new EncoderOptions(0, 0, null);

  /** Validates the values. */
  public EncoderOptions {
    if (batchSize < 0 || threads < 0) {
      throw new InvalidInputException("batchSize and threads must not be negative, were " + batchSize + " and "
          + threads);
    }
  }
}
