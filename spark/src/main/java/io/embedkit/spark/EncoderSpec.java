package io.embedkit.spark;

import io.embedkit.core.InvalidInputException;
import java.io.Serializable;
import java.util.Locale;

/**
 * Which encoder an executor opens: the modality, the model source and its settings. Sent to the executors
 * with each task; executors keep one encoder per distinct spec.
 *
 * @param modality what the input column holds
 * @param model an embedded name ({@code minilm}), a folder path every executor can read, or
 *     {@code spark-files:NAME} for a folder shipped with {@code SparkContext.addFile(folder, true)}
 * @param batchSize items per model call, positive
 * @param threads native threads per model call, 0 for the engine's default
 * @param engine {@code onnx} or {@code pytorch}, or null to choose from the folder
 */
public record EncoderSpec(Modality modality, String model, int batchSize, int threads, String engine)
    implements Serializable {
  /** What the input column holds. */
  public enum Modality {
    /** Strings of text. */
    TEXT,
    /** Image file paths (strings) or encoded image bytes (binary). */
    IMAGE,
    /** Audio file paths (strings) or encoded audio bytes (binary). */
    AUDIO;

    /**
     * Parses {@code text}, {@code image} or {@code audio}.
     *
     * @param name the name, any case
     * @return the modality
     */
    public static Modality parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("unknown modality '" + name + "': expected text, image or audio");
      }
    }
  }

  /** The prefix naming a folder shipped with Spark's file distribution. */
  public static final String SPARK_FILES = "spark-files:";

  /** Validates the values. */
  public EncoderSpec {
    if (modality == null) {
      throw new InvalidInputException("modality must not be null");
    }
    if (model == null || model.isBlank()) {
      throw new InvalidInputException("model must not be null or blank");
    }
    if (batchSize < 1 || threads < 0) {
      throw new InvalidInputException("batchSize must be positive and threads non-negative, were " + batchSize
          + " and " + threads);
    }
  }
}
