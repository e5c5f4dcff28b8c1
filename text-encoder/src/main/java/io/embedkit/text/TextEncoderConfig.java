package io.embedkit.text;

import io.embedkit.core.InvalidInputException;
import io.embedkit.runtime.EncoderConfigBuilder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
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
 * @param weights the weights variant ({@code quantized}, {@code int8}, ...) or file name, or null for the
 *     plain weights
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
    String weightsName,
    String weights) {

  /** Validates the fields. */
  public TextEncoderConfig {
    Objects.requireNonNull(source, "source is required");
    prefix = prefix == null ? "" : prefix;
    weightsName = weightsName == null || weightsName.isBlank() ? "model" : weightsName;
    if (maxLength < 0) {
      throw new InvalidInputException("maxLength must be 0 (from the model) or positive, was " + maxLength);
    }
    EncoderConfigBuilder.validate(batchSize, threads, concurrency);
    if (truncateDimension < 0) {
      throw new InvalidInputException("truncateDimension must be 0 (all) or positive, was " + truncateDimension);
    }
    if (chunkOverlap < -1) {
      throw new InvalidInputException("chunkOverlap must be -1 (truncate) or at least 0, was " + chunkOverlap);
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
    Builder b = new Builder().copyShared(source, engine, normalize, batchSize, threads, concurrency, weightsName,
        weights);
    b.maxLength = maxLength;
    b.pooling = pooling;
    b.prefix = prefix;
    b.truncateDimension = truncateDimension;
    b.chunkOverlap = chunkOverlap;
    return b;
  }

  /** Builds a {@link TextEncoderConfig}: {@code set*} for required fields, {@code opt*} for the rest. */
  public static final class Builder extends EncoderConfigBuilder<Builder> {
    private int maxLength;
    private Pooling pooling;
    private String prefix = "";
    private int truncateDimension;
    private int chunkOverlap = -1;

    private Builder() {
      super(32);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Reads {@code prefix}, the text put before every input. */
    @Override
    protected boolean argument(String name, String value) {
      if (!name.equals("prefix")) {
        return false;
      }
      optPrefix(value);
      return true;
    }

    @Override
    protected java.util.List<String> argumentNames() {
      return java.util.List.of("prefix");
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
     * Returns the configuration.
     *
     * @return the validated configuration
     * @throws InvalidInputException if an option is out of range
     * @throws NullPointerException if no source was set
     */
    public TextEncoderConfig build() {
      return new TextEncoderConfig(source, engine, maxLength, pooling, normalize, batchSize, prefix,
          truncateDimension, chunkOverlap, threads, concurrency, weightsName, weights);
    }
  }
}
