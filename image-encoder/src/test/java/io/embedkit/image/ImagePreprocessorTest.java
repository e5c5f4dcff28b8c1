package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Preprocessing parity with torchvision (ResNet preset) and CLIPImageProcessor (CLIP preset): the 8-bit crops
 * must equal the references (issue: at least 99% equal, none more than one step off; we get all equal), and
 * the final floats must match to 1e-6.
 */
class ImagePreprocessorTest {
  private static final ImageDecoder DECODER = ImageDecoder.defaults();

  static List<String> images() {
    List<String> names = new ArrayList<>(Fixtures.index().getAsJsonObject("images").keySet());
    names.removeIf(n -> n.equals("bomb.png") || n.endsWith(".ppm"));
    return names;
  }

  @ParameterizedTest
  @MethodSource("images")
  void resnetCropsMatchTorchvision(String name) {
    check(name, "resnet", ImagePreprocessing.resnet());
  }

  @ParameterizedTest
  @MethodSource("images")
  void clipCropsMatchClipImageProcessor(String name) {
    check(name, "clip", ImagePreprocessing.clip());
  }

  private static void check(String name, String kind, ImagePreprocessing settings) {
    RgbImage crop = ImagePreprocessor.of(settings).resizeAndCrop(DECODER.decode(Fixtures.image(name)));
    byte[] want = Fixtures.reference(name, kind); // CHW
    assertThat(crop.width()).isEqualTo(224);
    assertThat(crop.height()).isEqualTo(224);
    int plane = 224 * 224;
    int equal = 0;
    int worst = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        int d = Math.abs((crop.pixels()[3 * i + c] & 0xFF) - (want[c * plane + i] & 0xFF));
        equal += d == 0 ? 1 : 0;
        worst = Math.max(worst, d);
      }
    }
    String what = name + " " + kind + " crop vs reference/index.json";
    assertThat(worst).as(what + ": largest difference in 8-bit steps").isLessThanOrEqualTo(1);
    assertThat(equal).as(what + ": values equal").isEqualTo(3 * plane);
  }

  @Test
  void finalFloatsMatchTheReferenceTensors() {
    JsonObject tensors = Fixtures.index().getAsJsonObject("tensors");
    for (String name : tensors.keySet()) {
      RgbImage img = DECODER.decode(Fixtures.image(name));
      for (String kind : new String[] {"resnet", "clip"}) {
        float[] t = ImagePreprocessor.of(ImagePreprocessing.preset(kind)).apply(img);
        JsonArray want = tensors.getAsJsonObject(name).getAsJsonArray(kind);
        int n = 0;
        for (int c = 0; c < 3; c++) {
          for (int y = 100; y < 104; y++) {
            for (int x = 100; x < 104; x++) {
              assertThat(t[c * 224 * 224 + y * 224 + x]).as(name + " " + kind + " c" + c + " y" + y + " x" + x
                  + " vs reference/index.json tensors, tolerance 1e-6").isCloseTo(want.get(n++).getAsFloat(),
                  within(1e-6f));
            }
          }
        }
      }
    }
  }

  @Test
  void smallImagesArePaddedWithBlackLikeTheReferences() {
    // without resizing, a 7x5 image inside an 8x10 crop: each library centres it its own way
    RgbImage tiny = DECODER.decode(Fixtures.image("tiny.png"));
    JsonObject padded = Fixtures.index().getAsJsonObject("padded");
    ImagePreprocessing hf = new ImagePreprocessing(false, 0, 0, 0, Resample.BICUBIC, true, 8, 10, false, 1, false,
        null, null, ImagePreprocessing.Convention.HUGGING_FACE);
    for (ImagePreprocessing.Convention c : ImagePreprocessing.Convention.values()) {
      RgbImage crop = ImagePreprocessor.of(hf.withConvention(c)).resizeAndCrop(tiny);
      JsonArray want = padded.getAsJsonArray(c.name().toLowerCase(java.util.Locale.ROOT));
      byte[] got = crop.pixels();
      assertThat(got).hasSize(want.size());
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i] & 0xFF).as(c + " padded crop value " + i + " vs reference/index.json padded")
            .isEqualTo(want.get(i).getAsInt());
      }
    }
    float[] t = ImagePreprocessor.of(ImagePreprocessing.clip()).apply(tiny);
    assertThat(t).hasSize(3 * 224 * 224);
  }

  @Test
  void foldersConfigsAreRead() {
    ImagePreprocessing clip = ImagePreprocessing.fromFolder(Fixtures.resource("tiny-clip"));
    assertThat(clip).isEqualTo(ImagePreprocessing.clip().withConvention(ImagePreprocessing.Convention.HUGGING_FACE));
    ImagePreprocessing resnet = ImagePreprocessing.fromFolder(Fixtures.resource("tiny-resnet"));
    assertThat(resnet.convention()).isEqualTo(ImagePreprocessing.Convention.TORCHVISION);
    assertThat(resnet.shortestEdge()).isEqualTo(256);
    assertThat(resnet.resample()).isEqualTo(Resample.BILINEAR);
    assertThat(resnet.mean()).containsExactly(0.485f, 0.456f, 0.406f);
  }
}
