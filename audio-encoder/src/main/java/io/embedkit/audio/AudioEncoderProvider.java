package io.embedkit.audio;

import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.EncoderProvider;
import io.embedkit.runtime.ModelSource;

/**
 * Finds audio encoders for {@link io.embedkit.core.Encoders}: folders with {@code model.onnx} or
 * {@code model.pt} and optionally a {@code preprocessor_config.json} (Wav2Vec2 or log-mel settings), and
 * weights files.
 */
public final class AudioEncoderProvider implements EncoderProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public AudioEncoderProvider() {}

  @Override
  public String description() {
    return "audio (a folder with model.onnx or model.pt and optionally preprocessor_config.json, or a weights"
        + " file)";
  }

  @Override
  public Class<?> inputType() {
    return AudioClip.class;
  }

  @Override
  public boolean accepts(String source) {
    if (ModelSource.isHub(source)) {
      return io.embedkit.runtime.ModelFolders.hubAccepts(source, m -> m.hasWeights("model"));
    }
    return EncoderProvider.hasWeights(source);
  }

  @Override
  public Encoder<?> open(String source, EncoderOptions options) {
    return AudioEncoder.create(AudioEncoderConfig.builder().setSource(ModelSource.parse(source)).optOptions(options)
        .build());
  }
}
