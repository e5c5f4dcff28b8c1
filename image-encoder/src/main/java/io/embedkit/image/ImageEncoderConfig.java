package io.embedkit.image;

import io.embedkit.core.InvalidInputException;
import io.embedkit.runtime.EncoderConfigBuilder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
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
 * @param weights the weights variant ({@code quantized}, {@code int8}, ...) or file name, or null for the
 *     plain weights
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
    String weightsName,
    String weights) {

  /** Validates the fields. */
  public ImageEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    weightsName = weightsName == null || weightsName.isBlank() ? "model" : weightsName;
    EncoderConfigBuilder.validate(batchSize, threads, concurrency);
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
    Builder b = new Builder().copyShared(source, engine, normalize, batchSize, threads, concurrency, weightsName,
        weights);
    b.preprocessing = preprocessing;
    b.maxPixels = maxPixels;
    return b;
  }

  /** Builds an {@link ImageEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder extends EncoderConfigBuilder<Builder> {
    private ImagePreprocessing preprocessing;
    private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    private Builder() {
      super(16);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Reads {@code preprocess}, a preset ({@code resnet} or {@code clip}) instead of the folder's settings. */
    @Override
    protected boolean argument(String name, String value) {
      if (!name.equals("preprocess")) {
        return false;
      }
      optPreprocessing(ImagePreprocessing.preset(value));
      return true;
    }

    @Override
    protected java.util.List<String> argumentNames() {
      return java.util.List.of("preprocess");
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
     * Returns the configuration.
     *
     * @return the validated configuration
     * @throws InvalidInputException if an option is out of range
     * @throws NullPointerException if no source was set
     */
    public ImageEncoderConfig build() {
      return new ImageEncoderConfig(source, engine, preprocessing, normalize, batchSize, threads, concurrency,
          maxPixels, weightsName, weights);
    }
  }
}
