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
   * layout every encoder module reads).
   *
   * @param source the path
   * @return true for such a file or folder
   */
  static boolean hasWeights(String source) {
    java.nio.file.Path p = java.nio.file.Path.of(source);
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    return java.nio.file.Files.isRegularFile(p) && (name.endsWith(".onnx") || name.endsWith(".pt"))
        || java.nio.file.Files.isRegularFile(p.resolve("model.onnx"))
        || java.nio.file.Files.isRegularFile(p.resolve("model.pt"));
  }
}
