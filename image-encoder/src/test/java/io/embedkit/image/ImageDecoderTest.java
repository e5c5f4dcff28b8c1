package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private final ImageDecoder decoder = ImageDecoder.defaults();

  /** Lossless formats: exactly PIL's convert("RGB") pixels. */
  @ParameterizedTest
  @ValueSource(strings = {"rgb.png", "rgba.png", "grey.png", "grey_alpha.png", "palette.png", "rgb16.png",
      "grey16.png", "anim.gif", "rgb.bmp", "lossless.webp", "tiny.png"})
  void losslessImagesDecodeToPilsPixels(String name) {
    RgbImage img = decoder.decode(Fixtures.image(name));
    byte[] want = Fixtures.reference(name, "rgb");
    assertThat(img.pixels().length).as(name).isEqualTo(want.length);
    assertThat(Arrays.mismatch(img.pixels(), want)).as(name + ": first differing byte vs reference/index.json rgb")
        .isEqualTo(-1);
  }

  /** Lossy formats decode through other codecs than PIL's: each value within one 8-bit step, nearly all equal. */
  @ParameterizedTest
  @ValueSource(strings = {"rgb.jpg", "grey.jpg", "cmyk.jpg", "progressive.jpg", "lossy.webp"})
  void lossyImagesDecodeWithinOneStepOfPil(String name) {
    RgbImage img = decoder.decode(Fixtures.image(name));
    byte[] want = Fixtures.reference(name, "rgb");
    assertThat(img.pixels().length).as(name).isEqualTo(want.length);
    int equal = 0;
    int worst = 0;
    for (int i = 0; i < want.length; i++) {
      int d = Math.abs((img.pixels()[i] & 0xFF) - (want[i] & 0xFF));
      equal += d == 0 ? 1 : 0;
      worst = Math.max(worst, d);
    }
    System.out.printf("%s: %.4f%% equal, worst %d%n", name, 100.0 * equal / want.length, worst);
    assertThat(worst).as(name + " largest difference to PIL").isLessThanOrEqualTo(1);
    assertThat(equal / (double) want.length).as(name + " share of values equal to PIL").isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void sizesComeFromTheHeader() {
    RgbImage wide = decoder.decode(Fixtures.image("wide.png"));
    assertThat(wide.width()).isEqualTo(1000);
    assertThat(wide.height()).isEqualTo(200);
  }

  @Test
  void aHugeDeclaredSizeIsRefusedBeforeDecoding() {
    assertThatThrownBy(() -> decoder.decode(Fixtures.image("bomb.png")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bomb.png: PNG header declares 60000x60000 = 3600000000 pixels, above the limit of "
            + ImageDecoder.DEFAULT_MAX_PIXELS);
    assertThatThrownBy(() -> new ImageDecoder(100).decode(Fixtures.image("rgb.png")))
        .hasMessageContaining("160x120 = 19200 pixels, above the limit of 100");
  }

  @Test
  void emptyTruncatedCorruptAndUnsupportedInputsFailTyped(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> decoder.decode(new byte[0], "empty.png"))
        .isInstanceOf(InvalidInputException.class).hasMessage("empty.png: empty file, not an image");
    assertThatThrownBy(() -> decoder.decode(Fixtures.image("unsupported.ppm")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("unsupported.ppm: not a PNG, JPEG, GIF, BMP or WebP image (starts with 50 36 0a");
    assertThatThrownBy(() -> decoder.decode(dir.resolve("missing.png")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.png: no such image file");
    byte[] garbage = new byte[300];
    new java.util.Random(7).nextBytes(garbage);
    assertThatThrownBy(() -> decoder.decode(garbage, "noise.bin")).isInstanceOf(UnsupportedFormatException.class);
    for (String name : new String[] {"rgb.png", "rgb.jpg", "anim.gif", "lossless.webp", "rgb.bmp", "progressive.jpg"}) {
      byte[] full = Files.readAllBytes(Fixtures.image(name));
      byte[] cut = Arrays.copyOf(full, full.length / 2);
      assertThatThrownBy(() -> decoder.decode(cut, "half-" + name)).as(name)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("half-" + name + ": corrupt or truncated");
    }
  }

  @Test
  void flippedBytesFailWhereTheFormatChecksItsDataAndElseGiveOtherPixels() throws Exception {
    // PNG's chunk CRCs and the progressive JPEG's tables catch the damage; baseline JPEG, GIF, lossless WebP and
    // BMP carry no check, so their decoders (as PIL's) return the damaged pixels
    Map<String, Boolean> fails = Map.of("rgb.png", true, "progressive.jpg", true, "rgb.jpg", false,
        "anim.gif", false, "lossless.webp", false, "rgb.bmp", false);
    for (Map.Entry<String, Boolean> c : fails.entrySet()) {
      String name = c.getKey();
      byte[] full = Files.readAllBytes(Fixtures.image(name));
      byte[] flipped = full.clone();
      for (int i = full.length / 3; i < full.length / 3 + 64; i++) {
        flipped[i] = (byte) ~flipped[i];
      }
      if (c.getValue()) {
        assertThatThrownBy(() -> decoder.decode(flipped, "flipped-" + name)).as(name)
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("flipped-" + name + ": corrupt or truncated image");
      } else {
        RgbImage original = decoder.decode(full, name);
        RgbImage damaged = decoder.decode(flipped, "flipped-" + name);
        assertThat(damaged.width()).as(name).isEqualTo(original.width());
        assertThat(damaged.height()).as(name).isEqualTo(original.height());
        assertThat(damaged.pixels()).as(name + ": the damage shows in the pixels").isNotEqualTo(original.pixels());
      }
    }
  }
}
