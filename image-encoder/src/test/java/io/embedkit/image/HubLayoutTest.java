package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.runtime.ModelSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny ResNet and the tiny CLIP rearranged as the Hugging Face hub lays out ONNX exports (configs at the top,
 * weights under onnx/): the same embeddings as the flat fixtures, found by {@link Encoders#open} too.
 */
class HubLayoutTest {
  @TempDir Path tmp;

  private Path rearrange(String fixture, List<String> top, List<String> weights) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(fixture).resolve("onnx"));
    for (String f : top) {
      Files.copy(Fixtures.resource(fixture + "/" + f), dir.getParent().resolve(f));
    }
    for (String f : weights) {
      Files.copy(Fixtures.resource(fixture + "/" + f), dir.resolve(f));
    }
    return dir.getParent();
  }

  @Test
  void aResnetUnderOnnxEmbedsAsTheFlatFolder() throws Exception {
    Path hub = rearrange("tiny-resnet", List.of("preprocessor_config.json"), List.of("model.onnx"));
    List<Path> files = List.of(Fixtures.image("rgb.png"), Fixtures.image("photo.jpg"), Fixtures.image("wide.png"));
    try (ImageEncoder flat = ImageEncoder.create(ImageEncoderConfig.builder()
            .setSource(ModelSource.parse(Fixtures.resource("tiny-resnet").toString())).build());
        Encoder<BufferedImage> opened = Encoders.open(hub.toString(), BufferedImage.class)) {
      List<float[]> want = flat.encodeFiles(files);
      List<float[]> got = ((ImageEncoder) opened).encodeFiles(files);
      for (int i = 0; i < files.size(); i++) {
        assertThat(got.get(i)).as(files.get(i) + " from the hub layout").containsExactly(want.get(i));
      }
    }
  }

  @Test
  void aClipUnderOnnxGivesBothTowersAsTheFlatFolder() throws Exception {
    Path hub = rearrange("tiny-clip", List.of("config.json", "preprocessor_config.json", "tokenizer.json"),
        List.of("vision_model.onnx", "text_model.onnx"));
    try (ClipModel flat = ClipModel.load(ModelSource.parse(Fixtures.resource("tiny-clip").toString()), null);
        ClipModel moved = ClipModel.load(ModelSource.directory(hub), null);
        Encoder<String> texts = Encoders.open(hub.toString(), String.class);
        Encoder<BufferedImage> images = Encoders.open(hub.toString(), BufferedImage.class)) {
      assertThat(moved.images().encode(Fixtures.image("rgb.png")))
          .containsExactly(flat.images().encode(Fixtures.image("rgb.png")));
      assertThat(moved.texts().encode("a photo of a cat")).containsExactly(flat.texts().encode("a photo of a cat"));
      assertThat(texts.encode("a red car")).as("Encoders.open finds the text tower")
          .containsExactly(flat.texts().encode("a red car"));
      assertThat(((ImageEncoder) images).encode(Fixtures.image("photo.jpg"))).as("and the image tower")
          .containsExactly(flat.images().encode(Fixtures.image("photo.jpg")));
    }
  }
}
