package io.embedkit.image;

import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.EncoderProvider;
import io.embedkit.runtime.ModelFolders;
import io.embedkit.runtime.ModelSource;
import io.embedkit.text.TextEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Finds image encoders for {@link io.embedkit.core.Encoders}: ResNet-style folders ({@code model.onnx} or
 * {@code model.pt}, optionally with {@code preprocessor_config.json}), weights files and CLIP folders (their
 * image tower).
 */
public final class ImageEncoderProvider implements EncoderProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public ImageEncoderProvider() {}

  @Override
  public String description() {
    return "image (a folder with model.onnx or model.pt and optionally preprocessor_config.json, a weights file,"
        + " or a CLIP folder)";
  }

  @Override
  public Class<?> inputType() {
    return BufferedImage.class;
  }

  @Override
  public boolean accepts(String source) {
    if (ModelSource.isHub(source)) {
      return ModelFolders.hubAccepts(source, m -> ClipModel.isClip(m) || m.hasWeights("model"));
    }
    return ClipModel.isClipFolder(Path.of(source)) || EncoderProvider.hasWeights(source);
  }

  @Override
  public Encoder<?> open(String source, EncoderOptions options) {
    ModelSource s = ModelSource.parse(source);
    return ImageEncoder.create((isClip(source, s) ? ClipModel.imageConfig(s)
        : ImageEncoderConfig.builder().setSource(s)).optOptions(options).build());
  }

  private static boolean isClip(String source, ModelSource s) {
    return ModelSource.isHub(source) ? ClipModel.isClip(s.resolve()) : ClipModel.isClipFolder(Path.of(source));
  }

  /** The text tower of CLIP folders, so that {@code Encoders.open(clipFolder, String.class)} finds it. */
  public static final class ClipText implements EncoderProvider {
    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public ClipText() {}

    @Override
    public String description() {
      return "CLIP text tower (a folder with vision_model and text_model)";
    }

    @Override
    public Class<?> inputType() {
      return String.class;
    }

    @Override
    public boolean accepts(String source) {
      if (ModelSource.isHub(source)) {
        return ModelFolders.hubAccepts(source, ClipModel::isClip);
      }
      return ClipModel.isClipFolder(Path.of(source));
    }

    @Override
    public Encoder<?> open(String source, EncoderOptions options) {
      return TextEncoder.create(ClipModel.textConfig(ModelSource.parse(source)).optOptions(options).build());
    }
  }
}
