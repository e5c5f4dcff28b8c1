package io.embedkit.audio;

import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderProvider;
import io.embedkit.core.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds audio encoders for {@link io.embedkit.core.Encoders}: folders with {@code model.onnx} or
 * {@code model.pt} and a {@code preprocessor_config.json} (Wav2Vec2 or log-mel settings).
 */
public final class AudioEncoderProvider implements EncoderProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public AudioEncoderProvider() {}

  @Override
  public String description() {
    return "audio (a folder with model.onnx or model.pt and preprocessor_config.json)";
  }

  @Override
  public Class<?> inputType() {
    return AudioClip.class;
  }

  @Override
  public boolean accepts(String source) {
    Path dir = Path.of(source);
    return Files.isRegularFile(dir.resolve("preprocessor_config.json"))
        && (Files.isRegularFile(dir.resolve("model.onnx")) || Files.isRegularFile(dir.resolve("model.pt")));
  }

  @Override
  public Encoder<?> open(String source) {
    return AudioEncoder.create(AudioEncoderConfig.builder().setSource(ModelSource.parse(source)).build());
  }
}
