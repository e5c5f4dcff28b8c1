package io.embedkit.text;

import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.EncoderProvider;
import io.embedkit.runtime.ModelFolders;
import io.embedkit.runtime.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds text encoders for {@link io.embedkit.core.Encoders}: embedded model names ({@code minilm}), folders
 * holding {@code tokenizer.json} with {@code model.onnx} or {@code model.pt}, weights files, hub repositories
 * ({@code hf:ORG/NAME}) of that layout, and {@code classpath:}, {@code djl://} and {@code http(s)://} sources.
 */
public final class TextEncoderProvider implements EncoderProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public TextEncoderProvider() {}

  @Override
  public String description() {
    return "text (embedded " + String.join(", ", ModelSource.embeddedModels().keySet())
        + ", or a folder with tokenizer.json and model.onnx or model.pt)";
  }

  @Override
  public Class<?> inputType() {
    return String.class;
  }

  @Override
  public boolean accepts(String source) {
    if (ModelSource.embeddedModels().containsKey(source.toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (source.startsWith("classpath:") || source.contains("://")) {
      return true;
    }
    if (ModelSource.isHub(source)) {
      return ModelFolders.hubAccepts(source,
          m -> m.hasFile(m.directory().resolve("tokenizer.json")) && m.hasWeights("model")
              && !ModelFolders.isClipConfig(m.directory()));
    }
    Path dir = Path.of(source);
    return Files.isRegularFile(dir) ? EncoderProvider.hasWeights(source)
        : Files.isRegularFile(dir.resolve("tokenizer.json")) && EncoderProvider.hasWeights(source)
            && !ModelFolders.isClipConfig(dir); // CLIP in one graph: the CLIP text provider opens its text tower
  }

  @Override
  public Encoder<?> open(String source, EncoderOptions options) {
    return TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.parse(source)).optOptions(options)
        .build());
  }
}
