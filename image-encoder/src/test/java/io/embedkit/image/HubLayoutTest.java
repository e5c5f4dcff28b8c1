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

  /** CLIP as optimum exports it: both towers in onnx/model.onnx (tools/fixtures/make_combined_clip.py). */
  @Test
  void aClipInOneGraphGivesBothTowersAsTheSeparateOnes() throws Exception {
    Path hub = rearrange("tiny-clip", List.of("config.json", "preprocessor_config.json", "tokenizer.json"), List.of());
    Files.copy(Fixtures.resource("tiny-clip-combined.onnx"), hub.resolve("onnx").resolve("model.onnx"));
    List<Path> files = List.of(Fixtures.image("rgb.png"), Fixtures.image("photo.jpg"), Fixtures.image("wide.png"));
    List<String> texts = List.of("a photo of a cat", "a red car", "the blue sea and sky", "dog");
    try (ClipModel split = ClipModel.load(ModelSource.parse(Fixtures.resource("tiny-clip").toString()), null);
        ClipModel combined = ClipModel.load(ModelSource.directory(hub), null);
        Encoder<String> openedTexts = Encoders.open(hub.toString(), String.class);
        Encoder<BufferedImage> openedImages = Encoders.open(hub.toString(), BufferedImage.class)) {
      assertThat(combined.space().dimension()).isEqualTo(16);
      assertThat(combined.images().space().isCompatibleWith(combined.texts().space())).isTrue();
      assertThat(combined.space().fingerprint()).isNotEqualTo(split.space().fingerprint()); // other weights file
      List<float[]> want = split.images().encodeFiles(files);
      List<float[]> got = combined.images().encodeFiles(files);
      for (int i = 0; i < files.size(); i++) {
        assertThat(cosine(got.get(i), want.get(i))).as(files.get(i).toString()).isGreaterThan(0.99999);
        assertThat(got.get(i)).containsExactly(want.get(i), org.assertj.core.data.Offset.offset(1e-5f));
      }
      List<float[]> wantTexts = split.texts().encodeAll(texts);
      List<float[]> gotTexts = combined.texts().encodeAll(texts); // a batch of 4 texts with 1 placeholder image
      for (int i = 0; i < texts.size(); i++) {
        assertThat(gotTexts.get(i)).as(texts.get(i)).containsExactly(wantTexts.get(i),
            org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(openedTexts.space()).isEqualTo(combined.space());
      assertThat(openedTexts.encode("a red car")).as("Encoders.open finds the text tower, not a plain text model")
          .containsExactly(combined.texts().encode("a red car"));
      assertThat(((ImageEncoder) openedImages).encode(Fixtures.image("photo.jpg"))).as("and the image tower")
          .containsExactly(combined.images().encode(Fixtures.image("photo.jpg")));
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
