package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tiny ResNet-style model (TorchScript and ONNX) against the embeddings PyTorch computed from
 * torchvision-preprocessed inputs (tiny-resnet/reference.json): cosine at least 0.9999 for every image.
 */
class ImageEncoderParityTest {
  static ImageEncoder open(ModelEngine engine) {
    return ImageEncoder.create(ImageEncoderConfig.builder()
        .setSource(ModelSource.parse(Fixtures.resource("tiny-resnet").toString())).optEngine(engine)
        .optBatchSize(4).build());
  }

  /**
   * Asserts every component of an embedding within 1e-4 (relative above 1) of a reference array, L2-normalised
   * first (in double) when the encoder normalises and the reference holds the model's raw output.
   *
   * @param got the embedding
   * @param want the reference
   * @param normalizeReference whether to normalise the reference first
   * @param what what is compared, for messages
   */
  static void assertComponents(float[] got, JsonArray want, boolean normalizeReference, String what) {
    assertThat(got).as(what + " dimension").hasSize(want.size());
    double norm = 0;
    for (int d = 0; d < want.size(); d++) {
      norm += want.get(d).getAsDouble() * want.get(d).getAsDouble();
    }
    double scale = normalizeReference ? 1 / Math.max(Math.sqrt(norm), 1e-12) : 1;
    for (int d = 0; d < got.length; d++) {
      assertThat(got[d]).as(what + " component " + d + ", 1e-4 relative")
          .isCloseTo((float) (want.get(d).getAsDouble() * scale),
              org.assertj.core.api.Assertions.within(1e-4f * Math.max(1, Math.abs(got[d]))));
    }
  }

  static double cosine(float[] a, JsonArray b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      double y = b.get(i).getAsDouble();
      dot += a[i] * y;
      na += a[i] * (double) a[i];
      nb += y * y;
    }
    return dot / Math.sqrt(na * nb);
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void embeddingsMatchPyTorch(ModelEngine engine) {
    JsonObject ref = Fixtures.json("tiny-resnet/reference.json").getAsJsonObject("embeddings");
    List<String> names = new ArrayList<>(ref.keySet());
    List<Path> files = new ArrayList<>();
    names.forEach(n -> files.add(Fixtures.image(n)));
    try (ImageEncoder encoder = open(engine)) {
      assertThat(encoder.space().dimension()).isEqualTo(16);
      assertThat(encoder.preprocessor().settings().convention())
          .isEqualTo(ImagePreprocessing.Convention.TORCHVISION);
      List<float[]> batched = encoder.encodeFiles(files);
      for (int i = 0; i < names.size(); i++) {
        String what = names.get(i) + " on " + engine + " vs tiny-resnet/reference.json";
        assertThat(cosine(batched.get(i), ref.getAsJsonArray(names.get(i)))).as(what + ", cosine >= 0.9999")
            .isGreaterThanOrEqualTo(0.9999);
        float[] single = encoder.encode(files.get(i));
        for (int d = 0; d < single.length; d++) {
          assertThat(single[d]).as(what + " batched vs single").isCloseTo(batched.get(i)[d],
              org.assertj.core.api.Assertions.within(1e-5f));
        }
        assertComponents(single, ref.getAsJsonArray(names.get(i)), false, what);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void badFilesFailTypedAndNameTheFile(ModelEngine engine, @TempDir Path dir) throws Exception {
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    byte[] jpg = Files.readAllBytes(Fixtures.image("rgb.jpg"));
    Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg, jpg.length / 3));
    try (ImageEncoder encoder = open(engine)) {
      assertThatThrownBy(() -> encoder.encode(empty)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("empty.jpg: empty file");
      assertThatThrownBy(() -> encoder.encodeFiles(List.of(Fixtures.image("rgb.png"), cut)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("cut.jpg: corrupt or truncated");
      assertThatThrownBy(() -> encoder.encode(Fixtures.image("bomb.png"))).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("decompression bomb");
      assertThatThrownBy(() -> encoder.encode(Fixtures.image("unsupported.ppm")))
          .isInstanceOf(UnsupportedFormatException.class);
      assertThatThrownBy(() -> encoder.encode(new byte[] {1, 2, 3})).isInstanceOf(UnsupportedFormatException.class);
      // still usable afterwards
      assertThat(encoder.encode(Fixtures.image("tiny.png"))).hasSize(16);
    }
  }
}
