package io.embedkit.runtime;

import io.embedkit.core.EncoderOptions;
import io.embedkit.core.InvalidInputException;

/**
 * The settings every encoder configuration has — model source, engine, normalisation, batch size, threads,
 * concurrency, weights name — for the text, image and audio config builders to extend:
 * {@code set*} for required fields, {@code opt*} for the rest.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class EncoderConfigBuilder<B extends EncoderConfigBuilder<B>> {
  /** Where the model comes from; required. */
  protected ModelSource source;
  /** The engine, or null to choose from the folder. */
  protected ModelEngine engine;
  /** Whether to L2-normalise, or null for the folder's setting. */
  protected Boolean normalize;
  /** Items per model call. */
  protected int batchSize;
  /** Native threads per model call, or 0 for the engine's default. */
  protected int threads;
  /** Model calls that may run at once. */
  protected int concurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** The weights' base name in the folder. */
  protected String weightsName = "model";
  /** The weights variant ({@code quantized}, {@code int8}, ...) or file name, or null for the plain weights. */
  protected String weights;

  /**
   * Creates a builder.
   *
   * @param defaultBatchSize the modality's default batch size
   */
  protected EncoderConfigBuilder(int defaultBatchSize) {
    this.batchSize = defaultBatchSize;
  }

  /**
   * Returns this builder as its concrete type.
   *
   * @return this
   */
  protected abstract B self();

  /**
   * Sets where the model comes from.
   *
   * @param source the source
   * @return this builder
   */
  public B setSource(ModelSource source) {
    this.source = source;
    return self();
  }

  /**
   * Sets the engine instead of choosing it from the weights files.
   *
   * @param engine the engine
   * @return this builder
   */
  public B optEngine(ModelEngine engine) {
    this.engine = engine;
    return self();
  }

  /**
   * Sets whether embeddings are L2-normalised.
   *
   * @param normalize true to normalise
   * @return this builder
   */
  public B optNormalize(boolean normalize) {
    this.normalize = normalize;
    return self();
  }

  /**
   * Sets how many items (or pieces of items) go into one model call.
   *
   * @param batchSize the batch size, positive
   * @return this builder
   */
  public B optBatchSize(int batchSize) {
    this.batchSize = batchSize;
    return self();
  }

  /**
   * Sets the native threads per model call.
   *
   * @param threads the thread count, or 0 for the engine's default
   * @return this builder
   */
  public B optThreads(int threads) {
    this.threads = threads;
    return self();
  }

  /**
   * Sets how many model calls may run at once.
   *
   * @param concurrency the predictor count, positive
   * @return this builder
   */
  public B optConcurrency(int concurrency) {
    this.concurrency = concurrency;
    return self();
  }

  /**
   * Sets the weights' base name in the model folder.
   *
   * @param weightsName e.g. {@code "vision_model"} for {@code vision_model.onnx}
   * @return this builder
   */
  public B optWeightsName(String weightsName) {
    this.weightsName = weightsName;
    this.weights = weights;
    return self();
  }

  /**
   * Picks one of several weights files: a variant of the base name ({@code quantized} for
   * {@code onnx/model_quantized.onnx}, {@code int8}, {@code fp16}, {@code O4}, ...) or a file name relative to
   * the model folder.
   *
   * @param weights the variant or file name, or null for the plain weights
   * @return this builder
   */
  public B optWeights(String weights) {
    this.weights = weights;
    return self();
  }

  /**
   * Applies the settings of {@link io.embedkit.core.Encoders#open} that are set (a batch size or threads
   * above 0, an engine, the arguments this modality reads).
   *
   * @param options the settings
   * @return this builder
   * @throws io.embedkit.core.ModelLoadException if the engine name is unknown
   * @throws InvalidInputException naming an argument this modality does not read
   */
  public B optOptions(EncoderOptions options) {
    if (options.batchSize() > 0) {
      optBatchSize(options.batchSize());
    }
    if (options.threads() > 0) {
      optThreads(options.threads());
    }
    if (options.engine() != null) {
      optEngine(ModelEngine.parse(options.engine()));
    }
    for (java.util.Map.Entry<String, String> a : options.arguments().entrySet()) {
      if (a.getKey().equals("weights")) {
        optWeights(a.getValue());
      } else if (!argument(a.getKey(), a.getValue())) {
        throw new InvalidInputException("unknown encoder argument '" + a.getKey() + "': this encoder reads "
            + String.join(", ", argumentNamesWithWeights()));
      }
    }
    return self();
  }

  /**
   * Applies one of {@link EncoderOptions#arguments()} that this modality reads.
   *
   * @param name the argument's name
   * @param value its value
   * @return false when this modality does not read it
   * @throws InvalidInputException if the value is unusable
   */
  protected boolean argument(String name, String value) {
    return false;
  }

  private java.util.List<String> argumentNamesWithWeights() {
    java.util.List<String> names = new java.util.ArrayList<>(argumentNames());
    names.add("weights");
    return names;
  }

  /**
   * Returns the names of the arguments {@link #argument} reads, for messages.
   *
   * @return the names
   */
  protected java.util.List<String> argumentNames() {
    return java.util.List.of();
  }

  /**
   * Sets every shared setting at once, as a configuration's {@code toBuilder()} does.
   *
   * @param source the source
   * @param engine the engine
   * @param normalize the normalisation
   * @param batchSize the batch size
   * @param threads the threads
   * @param concurrency the concurrency
   * @param weightsName the weights name
   * @param weights the weights variant or file name
   * @return this builder
   */
  public B copyShared(ModelSource source, ModelEngine engine, Boolean normalize, int batchSize, int threads,
      int concurrency, String weightsName, String weights) {
    this.source = source;
    this.engine = engine;
    this.normalize = normalize;
    this.batchSize = batchSize;
    this.threads = threads;
    this.concurrency = concurrency;
    this.weightsName = weightsName;
    this.weights = weights;
    return self();
  }

  /**
   * Checks the shared numeric settings, for the configurations' compact constructors.
   *
   * @param batchSize must be positive
   * @param threads must be 0 or more
   * @param concurrency must be positive
   * @throws InvalidInputException naming the value out of range
   */
  public static void validate(int batchSize, int threads, int concurrency) {
    if (batchSize <= 0) {
      throw new InvalidInputException("batchSize must be positive, was " + batchSize);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be 0 (engine default) or positive, was " + threads);
    }
    if (concurrency <= 0) {
      throw new InvalidInputException("concurrency must be positive, was " + concurrency);
    }
  }
}
