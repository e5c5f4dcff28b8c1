package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import io.embedkit.runtime.EncoderConfigBuilder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
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
 * @param windowSeconds clips longer than this are embedded in windows of this length, positive (default 10);
 *     0 (with overlap 0) embeds every clip whole, however long
 * @param overlapSeconds how much consecutive windows overlap, at least 0 and less than {@code windowSeconds}
 *     (default 1)
 * @param weightsName the weights' base name: {@code model} for {@code model.onnx} / {@code model.pt}
 * @param weights the weights variant ({@code quantized}, {@code int8}, ...) or file name, or null for the
 *     plain weights
 */
public record AudioEncoderConfig(ModelSource source, ModelEngine engine, AudioPreprocessing preprocessing,
    Boolean normalize, int batchSize, int threads, int concurrency, double windowSeconds, double overlapSeconds,
    String weightsName,
    String weights) {

  /** The longest window accepted, in seconds (an hour). */
  public static final double MAX_WINDOW_SECONDS = 3600;

  /** Validates the fields. */
  public AudioEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    weightsName = weightsName == null || weightsName.isBlank() ? "model" : weightsName;
    EncoderConfigBuilder.validate(batchSize, threads, concurrency);
    boolean whole = windowSeconds == 0 && overlapSeconds == 0; // the whole clip at once
    if (!whole && (!(windowSeconds > 0) || !(overlapSeconds >= 0) || overlapSeconds >= windowSeconds
        || windowSeconds > MAX_WINDOW_SECONDS)) {
      throw new InvalidInputException("windows need 0 <= overlap < length <= " + MAX_WINDOW_SECONDS
          + " s (or 0 and 0 for whole clips), were " + overlapSeconds + " and " + windowSeconds + " s");
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

  /**
   * Returns a builder holding this configuration, to make an edited copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder().copyShared(source, engine, normalize, batchSize, threads, concurrency, weightsName,
        weights);
    b.preprocessing = preprocessing;
    b.windowSeconds = windowSeconds;
    b.overlapSeconds = overlapSeconds;
    return b;
  }

  /** Builds an {@link AudioEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder extends EncoderConfigBuilder<Builder> {
    private AudioPreprocessing preprocessing;
    private double windowSeconds = 10;
    private double overlapSeconds = 1;

    private Builder() {
      super(8);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Reads {@code window} and {@code overlap}, in seconds. */
    @Override
    protected boolean argument(String name, String value) {
      if (!name.equals("window") && !name.equals("overlap")) {
        return false;
      }
      double seconds;
      try {
        seconds = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(name + " must be a number of seconds, was '" + value + "'");
      }
      if (name.equals("window")) {
        windowSeconds = seconds;
      } else {
        overlapSeconds = seconds;
      }
      return true;
    }

    @Override
    protected java.util.List<String> argumentNames() {
      return java.util.List.of("window", "overlap");
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
          windowSeconds, overlapSeconds, weightsName, weights);
    }
  }
}
