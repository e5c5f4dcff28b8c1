package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.audio.AudioClip;
import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.InvalidInputException;
import io.embedkit.image.ImageEncoder;
import io.embedkit.text.TextEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Encoders found by name or folder through ServiceLoader, for every modality. */
class EncodersTest {
  static final Path IMAGES = Path.of("..", "image-encoder", "src", "test", "resources").toAbsolutePath().normalize();
  static final Path AUDIO = Path.of("..", "audio-encoder", "src", "test", "resources").toAbsolutePath().normalize();

  @Test
  void eachModalityFindsItsEncoderByNameOrFolder() {
    try (Encoder<String> text = Encoders.open("minilm", String.class)) {
      assertThat(text).isInstanceOf(TextEncoder.class);
      assertThat(text.space().dimension()).isEqualTo(384);
    }
    try (Encoder<BufferedImage> image = Encoders.open(IMAGES.resolve("tiny-resnet").toString(), BufferedImage.class)) {
      assertThat(image).isInstanceOf(ImageEncoder.class);
    }
    String clip = IMAGES.resolve("tiny-clip").toString();
    try (Encoder<BufferedImage> image = Encoders.open(clip, BufferedImage.class);
        Encoder<String> text = Encoders.open(clip, String.class)) {
      assertThat(text).isInstanceOf(TextEncoder.class);
      assertThat(text.space()).isEqualTo(image.space()); // one CLIP space for both towers
    }
    try (Encoder<AudioClip> audio = Encoders.open(AUDIO.resolve("tiny-wav2vec2").toString(), AudioClip.class)) {
      assertThat(audio).isInstanceOf(AudioEncoder.class);
    }
  }

  @Test
  void unknownNamesAndMissingFoldersSayWhatWasAsked() {
    assertThatThrownBy(() -> Encoders.open("no-such-model", String.class))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("no encoder of String items recognises 'no-such-model'; asked: text (embedded ")
        .hasMessageContaining("minilm").hasMessageContaining("CLIP text tower");
    assertThatThrownBy(() -> Encoders.open("/no/such/folder", BufferedImage.class))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'/no/such/folder'").hasMessageContaining("image (a folder");
    assertThatThrownBy(() -> Encoders.open("minilm", Integer.class))
        .hasMessageContaining("no encoder module for that type is on the classpath");
  }

  @Test
  void optionsReachTheEncoderAndWeightsAloneAreEnough(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    io.embedkit.core.EncoderOptions options = new io.embedkit.core.EncoderOptions(7, 1, "onnx");
    try (Encoder<String> text = Encoders.open("minilm", String.class, options)) {
      assertThat(((TextEncoder) text).config().batchSize()).isEqualTo(7);
      assertThat(((TextEncoder) text).config().threads()).isEqualTo(1);
    }
    // an image folder holding only weights (torchvision's recipe then applies)
    Path bare = java.nio.file.Files.createDirectories(tmp.resolve("bare"));
    java.nio.file.Files.copy(IMAGES.resolve("tiny-resnet/model.onnx"), bare.resolve("model.onnx"));
    try (Encoder<BufferedImage> image = Encoders.open(bare.toString(), BufferedImage.class,
        new io.embedkit.core.EncoderOptions(3, 0, null))) {
      assertThat(((ImageEncoder) image).config().batchSize()).isEqualTo(3);
      assertThat(((ImageEncoder) image).encode(IMAGES.resolve("images/photo.jpg"))).hasSize(16);
    }
    assertThatThrownBy(() -> new io.embedkit.core.EncoderOptions(-1, 0, null))
        .isInstanceOf(InvalidInputException.class);
  }
}
