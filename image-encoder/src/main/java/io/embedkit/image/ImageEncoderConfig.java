package io.embedkit.image;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import java.util.Objects;

/**
 * How to build an {@link ImageEncoder}. Unset options ({@code null} or 0) take the model folder's settings.
 *
 * <pre>{@code
 * ImageEncoderConfig config = ImageEncoderConfig.builder()
 *     .setSource(ModelSource.parse("/models/resnet50"))
 *     .optPreprocessing(ImagePreprocessing.resnet())
 *     .optNormalize(true)
 *     .build();
 * }</pre>
 *
 * @param source where the model comes from
 * @param engine the engine, or null to choose from the folder (ONNX when present)
 * @param preprocessing the preprocessing, or null for the folder's {@code preprocessor_config.json} (the
 *     {@link ImagePreprocessing#resnet()} preset when the folder has none)
 * @param normalize whether to L2-normalise embeddings, or null for the folder's {@code embedkit.json}
 *     {@code normalize} (default false)
 * @param batchSize images per model call, positive
 * @param threads native threads per model call, or 0 for the engine's default
 * @param concurrency how many model calls may run at once (predictors in the pool), positive
 * @param maxPixels the largest width × height a decoded file may declare (decompression-bomb guard)
 * @param weightsName the weights' base name: {@code model} for {@code model.onnx} / {@code model.pt};
 *     {@code vision_model} for a CLIP folder's image tower
 */
public record ImageEncoderConfig(
    ModelSource source,
    ModelEngine engine,
    ImagePreprocessing preprocessing,
    Boolean normalize,
    int batchSize,
    int threads,
    int concurrency,
    long maxPixels,
    String weightsName) {

  /** Validates the fields. */
  public ImageEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    weightsName = weightsName == null || weightsName.isBlank() ? "model" : weightsName;
    if (batchSize <= 0) {
      throw new InvalidInputException("batchSize must be positive, was " + batchSize);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be 0 (engine default) or positive, was " + threads);
    }
    if (concurrency <= 0) {
      throw new InvalidInputException("concurrency must be positive, was " + concurrency);
    }
    if (maxPixels <= 0) {
      throw new InvalidInputException("maxPixels must be positive, was " + maxPixels);
    }
  }

  /**
   * Returns a builder with every option unset.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this configuration, to make an edited copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.source = source;
    b.engine = engine;
    b.preprocessing = preprocessing;
    b.normalize = normalize;
    b.batchSize = batchSize;
    b.threads = threads;
    b.concurrency = concurrency;
    b.maxPixels = maxPixels;
    b.weightsName = weightsName;
    return b;
  }

  /** Builds an {@link ImageEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder {
    private ModelSource source;
    private ModelEngine engine;
    private ImagePreprocessing preprocessing;
    private Boolean normalize;
    private int batchSize = 16;
    private int threads;
    private int concurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
    private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;
    private String weightsName = "model";

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
     * Sets the engine instead of choosing it from the weights files.
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
     * @param preprocessing the settings, e.g. {@link ImagePreprocessing#clip()}
     * @return this builder
     */
    public Builder optPreprocessing(ImagePreprocessing preprocessing) {
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
     * Sets how many images go into one model call.
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
     * Sets the largest image, in pixels, a decoded file may declare.
     *
     * @param maxPixels the limit
     * @return this builder
     */
    public Builder optMaxPixels(long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * Sets the weights' base name in the model folder.
     *
     * @param weightsName e.g. {@code "vision_model"} for {@code vision_model.onnx}
     * @return this builder
     */
    public Builder optWeightsName(String weightsName) {
      this.weightsName = weightsName;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @return the validated configuration
     * @throws InvalidInputException if an option is out of range
     * @throws NullPointerException if no source was set
     */
    public ImageEncoderConfig build() {
      return new ImageEncoderConfig(source, engine, preprocessing, normalize, batchSize, threads, concurrency,
          maxPixels, weightsName);
    }
  }
}
