package io.embedkit.core;

/**
 * Opens encoders of one input type by name or path; each encoder module registers one for
 * {@link java.util.ServiceLoader}, and {@link Encoders#open} asks them in turn.
 */
public interface EncoderProvider {
  /**
   * Returns what this provider opens, for messages, e.g. {@code "text (sentence-transformers folders)"}.
   *
   * @return a short description
   */
  String description();

  /**
   * Returns the type of item its encoders embed, e.g. {@code String.class}.
   *
   * @return the input type
   */
  Class<?> inputType();

  /**
   * Returns whether this provider recognises a source: an embedded model name, or a folder of the layout it
   * reads. Only looks; opens nothing.
   *
   * @param source the name or path
   * @return true if {@link #open} should be tried
   */
  boolean accepts(String source);

  /**
   * Opens an encoder with its default settings.
   *
   * @param source a source {@link #accepts} recognised
   * @return the encoder; the caller closes it
   * @throws ModelLoadException if the model cannot be loaded
   */
  default Encoder<?> open(String source) {
    return open(source, EncoderOptions.DEFAULTS);
  }

  /**
   * Opens an encoder.
   *
   * @param source a source {@link #accepts} recognised
   * @param options batch size, threads and engine
   * @return the encoder; the caller closes it
   * @throws ModelLoadException if the model cannot be loaded
   */
  Encoder<?> open(String source, EncoderOptions options);

  /**
   * Returns whether a path is a weights file or a folder holding {@code model.onnx} or {@code model.pt} (the
   * layout every encoder module reads), at its top or, as the Hugging Face hub lays them out, in {@code onnx/},
   * plain or as variants ({@code model_quantized.onnx}, ...).
   *
   * @param source the path
   * @return true for such a file or folder
   */
  static boolean hasWeights(String source) {
    return hasWeights(java.nio.file.Path.of(source), "model");
  }

  /**
   * Returns whether a path is a weights file or a folder holding weights of a base name.
   *
   * @param path the path
   * @param baseName e.g. {@code "model"} or {@code "vision_model"}
   * @return true for such a file or folder
   */
  static boolean hasWeights(java.nio.file.Path path, String baseName) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (java.nio.file.Files.isRegularFile(path)) {
      return name.endsWith(".onnx") || name.endsWith(".pt");
    }
    if (java.nio.file.Files.isRegularFile(path.resolve(baseName + ".pt"))) {
      return true;
    }
    for (java.nio.file.Path dir : java.util.List.of(path, path.resolve("onnx"))) {
      if (!java.nio.file.Files.isDirectory(dir)) {
        continue;
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
        if (files.map(f -> f.getFileName().toString()).anyMatch(n -> n.endsWith(".onnx")
            && (n.equals(baseName + ".onnx") || n.startsWith(baseName + "_")))) {
          return true;
        }
      } catch (java.io.IOException e) {
        return false; // an unreadable folder is no model this provider can open
      }
    }
    return false;
  }
}
