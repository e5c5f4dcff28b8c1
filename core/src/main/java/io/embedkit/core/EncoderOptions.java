package io.embedkit.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings every encoder takes when opened by name through {@link Encoders}, plus named arguments that only
 * some modalities read (as DJL's {@code Criteria.optArgument}): text encoders read {@code prefix}, image
 * encoders {@code preprocess} ({@code resnet} or {@code clip}), audio encoders {@code window} and
 * {@code overlap} (seconds). An encoder given an argument it does not read refuses it, naming those it does.
 *
 * <pre>{@code
 * EncoderOptions options = EncoderOptions.DEFAULTS.withBatchSize(64).withArgument("prefix", "query: ");
 * Encoder<String> e5 = Encoders.open("/models/e5-small", String.class, options);
 * }</pre>
 *
 * @param batchSize items per model call, or 0 for the encoder's default
 * @param threads native threads per model call, or 0 for the engine's default
 * @param engine the engine when a folder holds both weight files ({@code onnx} or {@code pytorch}), or null to
 *     choose from the folder
 * @param arguments modality-specific settings by name; empty for none
 */
public record EncoderOptions(int batchSize, int threads, String engine, Map<String, String> arguments) {
  /** The encoders' own defaults. */
  public static final EncoderOptions DEFAULTS = new EncoderOptions(0, 0, null);

  /** Validates the values and copies the arguments. */
  public EncoderOptions {
    if (batchSize < 0 || threads < 0) {
      throw new InvalidInputException("batchSize and threads must not be negative, were " + batchSize + " and "
          + threads);
    }
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
  }

  /**
   * Returns options without arguments.
   *
   * @param batchSize items per model call, or 0 for the encoder's default
   * @param threads native threads per model call, or 0 for the engine's default
   * @param engine {@code onnx}, {@code pytorch}, or null to choose from the folder
   */
  public EncoderOptions(int batchSize, int threads, String engine) {
    this(batchSize, threads, engine, Map.of());
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param batchSize items per model call, or 0 for the encoder's default
   * @return the copy
   */
  public EncoderOptions withBatchSize(int batchSize) {
    return new EncoderOptions(batchSize, threads, engine, arguments);
  }

  /**
   * Returns a copy with another thread count.
   *
   * @param threads native threads per model call, or 0 for the engine's default
   * @return the copy
   */
  public EncoderOptions withThreads(int threads) {
    return new EncoderOptions(batchSize, threads, engine, arguments);
  }

  /**
   * Returns a copy with another engine.
   *
   * @param engine {@code onnx}, {@code pytorch}, or null to choose from the folder
   * @return the copy
   */
  public EncoderOptions withEngine(String engine) {
    return new EncoderOptions(batchSize, threads, engine, arguments);
  }

  /**
   * Returns a copy with one more argument, or without it when {@code value} is null.
   *
   * @param name the argument, e.g. {@code "prefix"}
   * @param value its value, or null to remove it
   * @return the copy
   */
  public EncoderOptions withArgument(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>(arguments);
    if (value == null) {
      m.remove(name);
    } else {
      m.put(name, value);
    }
    return new EncoderOptions(batchSize, threads, engine, m);
  }
}
