package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.embedkit.core.Encoder;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.ModelSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEncoderModuleTest {
  private static ImageEncoderConfig config(Path dir) {
    return ImageEncoderConfig.builder().setSource(ModelSource.parse(dir.toString())).optNormalize(true).build();
  }

  @Test
  void guiceBindsTheEncoderFromItsConfig() {
    Injector injector = Guice.createInjector(new ImageEncoderModule(config(Fixtures.resource("tiny-resnet"))));
    try (Encoder<BufferedImage> encoder = injector.getInstance(new Key<Encoder<BufferedImage>>() {})) {
      assertThat(encoder).isSameAs(injector.getInstance(ImageEncoder.class));
      assertThat(encoder.space().dimension()).isEqualTo(16);
      assertThat(encoder.space().normalized()).isTrue();
    }
    assertThat(new ImageEncoderModule(config(Fixtures.resource("tiny-resnet"))))
        .isEqualTo(new ImageEncoderModule(config(Fixtures.resource("tiny-resnet"))));
  }

  @Test
  void aFolderWithoutPreprocessorConfigUsesTheResnetPreset(@TempDir Path dir) throws Exception {
    Files.copy(Fixtures.resource("tiny-resnet/model.onnx"), dir.resolve("model.onnx"));
    try (ImageEncoder encoder = ImageEncoder.create(config(dir))) {
      assertThat(encoder.preprocessor().settings()).isEqualTo(ImagePreprocessing.resnet());
      assertThat(encoder.describe()).contains("resnet preset");
    }
  }

  @Test
  void unusableFoldersFailWithTheFileNamed(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ImageEncoder.create(config(dir))).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no weights file [model.onnx, onnx/model.onnx, model.pt]");
    Files.copy(Fixtures.resource("tiny-resnet/model.onnx"), dir.resolve("model.onnx"));
    Files.writeString(dir.resolve("preprocessor_config.json"), "{\"size\": {\"longest_edge\": 300}}");
    assertThatThrownBy(() -> ImageEncoder.create(config(dir))).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("preprocessor_config.json: size.longest_edge is not supported");
    Files.writeString(dir.resolve("preprocessor_config.json"), "{\"resample\": 0}");
    assertThatThrownBy(() -> ImageEncoder.create(config(dir))).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("resample 0 is not supported");
    Files.writeString(dir.resolve("preprocessor_config.json"), "not json");
    assertThatThrownBy(() -> ImageEncoder.create(config(dir))).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot read it as a JSON object");
  }
}
