package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import java.util.Objects;

/**
 * How to build an {@link AudioEncoder}. Unset options ({@code null} or 0) take the model folder's settings.
 *
 * @param source where the model comes from
 * @param engine the engine, or null to choose from the folder (ONNX when present)
 * @param preprocessing the preprocessing, or null for the folder's {@code preprocessor_config.json}
 * @param normalize whether to L2-normalise embeddings (default false)
 * @param batchSize model inputs per call, positive
 * @param threads native threads per model call, or 0 for the engine's default
 * @param concurrency how many model calls may run at once, positive
 * @param windowSeconds clips longer than this are embedded in windows of this length, positive
 * @param overlapSeconds how much consecutive windows overlap, at least 0 and less than {@code windowSeconds}
 */
public record AudioEncoderConfig(ModelSource source, ModelEngine engine, AudioPreprocessing preprocessing,
    Boolean normalize, int batchSize, int threads, int concurrency, double windowSeconds, double overlapSeconds) {

  /** Validates the fields. */
  public AudioEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    if (batchSize <= 0 || concurrency <= 0 || threads < 0) {
      throw new InvalidInputException("batchSize and concurrency must be positive and threads at least 0, were "
          + batchSize + ", " + concurrency + ", " + threads);
    }
    if (!(windowSeconds > 0) || !(overlapSeconds >= 0) || overlapSeconds >= windowSeconds) {
      throw new InvalidInputException("windows need 0 <= overlap < length, were " + overlapSeconds + " and "
          + windowSeconds + " s");
    }
  }

  /**
   * Returns a builder with the defaults: 10 s windows overlapping by 1 s, batch 8.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AudioEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder {
    private ModelSource source;
    private ModelEngine engine;
    private AudioPreprocessing preprocessing;
    private Boolean normalize;
    private int batchSize = 8;
    private int threads;
    private int concurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
    private double windowSeconds = 10;
    private double overlapSeconds = 1;

    private Builder() {}

    /**
     * Sets where the model comes from.
     *
     * @param source the source
     * @return this builder
     */
    public Builder setSource(ModelSource source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the engine.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder optEngine(ModelEngine engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Sets the preprocessing instead of reading the folder's.
     *
     * @param preprocessing the settings
     * @return this builder
     */
    public Builder optPreprocessing(AudioPreprocessing preprocessing) {
      this.preprocessing = preprocessing;
      return this;
    }

    /**
     * Sets whether embeddings are L2-normalised.
     *
     * @param normalize true to normalise
     * @return this builder
     */
    public Builder optNormalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /**
     * Applies the settings of {@link io.embedkit.core.Encoders#open} that are set (a batch size or threads
     * above 0, an engine).
     *
     * @param options the settings
     * @return this builder
     */
    public Builder optOptions(io.embedkit.core.EncoderOptions options) {
      if (options.batchSize() > 0) {
        optBatchSize(options.batchSize());
      }
      if (options.threads() > 0) {
        optThreads(options.threads());
      }
      if (options.engine() != null) {
        optEngine(options.engine());
      }
      return this;
    }

    /**
     * Sets the model inputs per call.
     *
     * @param batchSize the batch size
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the native threads per model call.
     *
     * @param threads the thread count, or 0 for the engine's default
     * @return this builder
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Sets how many model calls may run at once.
     *
     * @param concurrency the predictor count
     * @return this builder
     */
    public Builder optConcurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the window length and overlap for long clips.
     *
     * @param seconds the window length
     * @param overlap the overlap between consecutive windows
     * @return this builder
     */
    public Builder optWindows(double seconds, double overlap) {
      this.windowSeconds = seconds;
      this.overlapSeconds = overlap;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @return the validated configuration
     */
    public AudioEncoderConfig build() {
      return new AudioEncoderConfig(source, engine, preprocessing, normalize, batchSize, threads, concurrency,
          windowSeconds, overlapSeconds);
    }
  }
}
