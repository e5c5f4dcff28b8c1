package io.embedkit.cli;

import io.embedkit.audio.AudioClip;
import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.Encoders;
import io.embedkit.core.InvalidInputException;
import java.awt.image.BufferedImage;
import picocli.CommandLine.Option;

/**
 * The options that pick and tune a model, shared by the commands that embed; encoders are opened through
 * {@link Encoders#open}, so any encoder module's folders work, CLIP folders giving the tower the items need.
 */
final class ModelOptions {
  static final String DEFAULT_MODEL = "minilm";

  @Option(names = "--model", defaultValue = DEFAULT_MODEL, paramLabel = "SRC",
      description = "Model: an embedded name (minilm, minilm-q, e5-small-v2-q), a folder (text, ResNet-style image,"
          + " audio, or CLIP), a file, classpath:/path or a URL (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--engine", paramLabel = "onnx|pytorch",
      description = "Engine, when the folder holds both model.onnx and model.pt (default: onnx).")
  String engine;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Items per model call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Native threads per model call; 0 for the engine's default.")
  int threads;

  @Option(names = "--weights", paramLabel = "VARIANT|FILE",
      description = "Which weights of a folder holding several: a variant (quantized, int8, fp16, O4, ... for"
          + " onnx/model_quantized.onnx and the like) or a file name in the folder.")
  String weights;

  @Option(names = "--prefix", paramLabel = "TEXT",
      description = "Text models: put this before every text, for models trained with one (e.g. 'query: ').")
  String prefix;

  @Option(names = "--window", paramLabel = "SECONDS",
      description = "Audio: embed clips in windows of this length, averaged (default 10); 0 for whole clips.")
  Double window;

  @Option(names = "--overlap", paramLabel = "SECONDS",
      description = "Audio: how much consecutive windows overlap (default 1; 0 with --window 0).")
  Double overlap;

  /**
   * Opens the encoder of items of a type.
   *
   * @param type {@code String}, {@code BufferedImage} or {@code AudioClip}
   * @param preprocess an image preprocessing preset, or null for the folder's
   */
  <T> Encoder<T> open(Class<T> type, String preprocess) {
    if (type != String.class && model.equals(DEFAULT_MODEL)) {
      throw new InvalidInputException(type == BufferedImage.class
          ? "images need --model FOLDER: a folder with model.onnx or model.pt (ResNet style) or a CLIP folder with"
              + " vision_model.onnx or vision_model.pt"
          : "audio needs --model FOLDER: a folder with model.onnx or model.pt and its preprocessor_config.json"
              + " (Wav2Vec2 or log-mel settings)");
    }
    if (prefix != null && type != String.class) {
      throw new InvalidInputException("--prefix is for text models");
    }
    if ((window != null || overlap != null) && type == String.class) {
      throw new InvalidInputException("--window and --overlap are for audio models");
    }
    Double overlapSeconds = overlap != null ? overlap : window != null && window == 0 ? Double.valueOf(0) : null;
    EncoderOptions options = new EncoderOptions(batch, threads, engine).withArgument("prefix", prefix)
        .withArgument("weights", weights)
        .withArgument("preprocess", type == BufferedImage.class ? preprocess : null)
        .withArgument("window", window == null ? null : window.toString())
        .withArgument("overlap", overlapSeconds == null ? null : overlapSeconds.toString());
    return Encoders.open(model, type, options);
  }

  /** The class of the items a modality embeds. */
  static Class<?> itemType(Modality modality) {
    return switch (modality) {
      case text -> String.class;
      case image -> BufferedImage.class;
      case audio -> AudioClip.class;
    };
  }
}
