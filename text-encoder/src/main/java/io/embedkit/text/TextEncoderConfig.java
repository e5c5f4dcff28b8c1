package io.embedkit.text;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import java.util.Objects;

/**
 * How to build a {@link TextEncoder}. Unset options ({@code null} or 0) take the model folder's settings.
 *
 * <pre>{@code
 * TextEncoderConfig config = TextEncoderConfig.builder()
 *     .setSource(ModelSource.parse("/models/e5-small"))
 *     .optPrefix("query: ")
 *     .optBatchSize(64)
 *     .build();
 * }</pre>
 *
 * @param source where the model comes from
 * @param engine the engine, or null to choose from the folder (ONNX when present)
 * @param maxLength tokens per sequence including special tokens, or 0 for the folder's {@code max_seq_length}
 * @param pooling the pooling mode, or null for the folder's
 * @param normalize whether to L2-normalise, or null for the folder's ({@code Normalize} module)
 * @param batchSize sequences per model call, positive
 * @param prefix text put before every input, e.g. {@code "query: "}; empty for none
 * @param truncateDimension keep only the first N dimensions (Matryoshka models), or 0 for all
 * @param chunkOverlap for texts longer than {@code maxLength}: -1 truncates them (the default); 0 or more
 *     embeds windows of {@code maxLength} tokens overlapping by this many tokens and averages them weighted
 *     by token count
 * @param threads native threads per model call, or 0 for the engine's default
 * @param concurrency how many model calls may run at once (predictors in the pool), positive
 * @param weightsName the weights' base name in the folder: {@code model} for {@code model.onnx} /
 *     {@code model.pt}; {@code text_model} for a CLIP folder's text tower
 */
public record TextEncoderConfig(
    ModelSource source,
    ModelEngine engine,
    int maxLength,
    Pooling pooling,
    Boolean normalize,
    int batchSize,
    String prefix,
    int truncateDimension,
    int chunkOverlap,
    int threads,
    int concurrency,
    String weightsName) {

  /** Validates the fields. */
  public TextEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    prefix = prefix == null ? "" : prefix;
    weightsName = weightsName == null || weightsName.isBlank() ? "model" : weightsName;
    if (maxLength < 0) {
      throw new InvalidInputException("maxLength must be 0 (from the model) or positive, was " + maxLength);
    }
    if (batchSize <= 0) {
      throw new InvalidInputException("batchSize must be positive, was " + batchSize);
    }
    if (truncateDimension < 0) {
      throw new InvalidInputException("truncateDimension must be 0 (all) or positive, was " + truncateDimension);
    }
    if (chunkOverlap < -1) {
      throw new InvalidInputException("chunkOverlap must be -1 (truncate) or at least 0, was " + chunkOverlap);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be 0 (engine default) or positive, was " + threads);
    }
    if (concurrency <= 0) {
      throw new InvalidInputException("concurrency must be positive, was " + concurrency);
    }
  }

  /**
   * Returns the configuration of the embedded default model, all-MiniLM-L6-v2.
   *
   * @return the default configuration
   */
  public static TextEncoderConfig defaults() {
    return builder().setSource(ModelSource.embedded(MiniLmModel.NAME)).build();
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
    b.maxLength = maxLength;
    b.pooling = pooling;
    b.normalize = normalize;
    b.batchSize = batchSize;
    b.prefix = prefix;
    b.truncateDimension = truncateDimension;
    b.chunkOverlap = chunkOverlap;
    b.threads = threads;
    b.concurrency = concurrency;
    b.weightsName = weightsName;
    return b;
  }

  /** Builds a {@link TextEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder {
    private ModelSource source;
    private ModelEngine engine;
    private int maxLength;
    private Pooling pooling;
    private Boolean normalize;
    private int batchSize = 32;
    private String prefix = "";
    private int truncateDimension;
    private int chunkOverlap = -1;
    private int threads;
    private int concurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
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
     * Sets the engine instead of choosing it from the folder.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder optEngine(ModelEngine engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Sets the maximum tokens per sequence.
     *
     * @param maxLength the length, special tokens included
     * @return this builder
     */
    public Builder optMaxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Sets the pooling mode.
     *
     * @param pooling the mode
     * @return this builder
     */
    public Builder optPooling(Pooling pooling) {
      this.pooling = pooling;
      return this;
    }

    /**
     * Sets whether to L2-normalise.
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
     * Sets the sequences per model call.
     *
     * @param batchSize the batch size
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets a prefix put before every input.
     *
     * @param prefix e.g. {@code "query: "}
     * @return this builder
     */
    public Builder optPrefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /**
     * Keeps only the first dimensions of every embedding (Matryoshka models).
     *
     * @param dimension how many to keep
     * @return this builder
     */
    public Builder optTruncateDimension(int dimension) {
      this.truncateDimension = dimension;
      return this;
    }

    /**
     * Embeds long texts as overlapping windows instead of truncating them.
     *
     * @param overlap tokens shared by consecutive windows
     * @return this builder
     */
    public Builder optChunking(int overlap) {
      this.chunkOverlap = overlap;
      return this;
    }

    /**
     * Sets the native threads per model call.
     *
     * @param threads the thread count
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
     * Sets the weights' base name in the model folder.
     *
     * @param weightsName e.g. {@code "text_model"} for {@code text_model.onnx}
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
    public TextEncoderConfig build() {
      return new TextEncoderConfig(source, engine, maxLength, pooling, normalize, batchSize, prefix,
          truncateDimension, chunkOverlap, threads, concurrency, weightsName);
    }
  }
}
