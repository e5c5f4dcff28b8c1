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
   * Opens an encoder.
   *
   * @param source a source {@link #accepts} recognised
   * @return the encoder; the caller closes it
   * @throws ModelLoadException if the model cannot be loaded
   */
  Encoder<?> open(String source);
}
