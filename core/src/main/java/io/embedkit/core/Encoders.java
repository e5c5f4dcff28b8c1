package io.embedkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds encoders by name or folder among the {@link EncoderProvider}s on the classpath. */
public final class Encoders {
  private Encoders() {}

  /**
   * Opens an encoder for items of a type, e.g. {@code Encoders.open("minilm", String.class)} or
   * {@code Encoders.open("models/resnet18", BufferedImage.class)}.
   *
   * @param source an embedded model name or a model folder
   * @param inputType the type of the items to embed
   * @param <T> that type
   * @return the encoder; the caller closes it
   * @throws InvalidInputException naming the source, the type and the providers asked when none recognises it
   * @throws ModelLoadException if the recognised model cannot be loaded
   */
  public static <T> Encoder<T> open(String source, Class<T> inputType) {
    return open(source, inputType, EncoderOptions.DEFAULTS);
  }

  /**
   * The same with settings.
   *
   * @param source an embedded model name or a model folder
   * @param inputType the type of the items to embed
   * @param options batch size, threads and engine
   * @param <T> that type
   * @return the encoder; the caller closes it
   * @throws InvalidInputException naming the source, the type and the providers asked when none recognises it
   * @throws ModelLoadException if the recognised model cannot be loaded
   */
  @SuppressWarnings("unchecked")
  public static <T> Encoder<T> open(String source, Class<T> inputType, EncoderOptions options) {
    if (source == null || source.isBlank()) {
      throw new InvalidInputException("model source must not be null or blank");
    }
    List<String> asked = new ArrayList<>();
    for (EncoderProvider p : providers()) {
      if (!p.inputType().equals(inputType)) {
        continue;
      }
      asked.add(p.description());
      if (p.accepts(source)) {
        return (Encoder<T>) p.open(source, options);
      }
    }
    throw new InvalidInputException("no encoder of " + inputType.getSimpleName() + " items recognises '" + source
        + "'" + (asked.isEmpty() ? ": no encoder module for that type is on the classpath"
        : "; asked: " + String.join("; ", asked)));
  }

  /**
   * Returns the providers on the classpath.
   *
   * @return the providers, in {@link ServiceLoader} order
   */
  public static List<EncoderProvider> providers() {
    List<EncoderProvider> out = new ArrayList<>();
    ServiceLoader.load(EncoderProvider.class).forEach(out::add);
    return out;
  }
}
