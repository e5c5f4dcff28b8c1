package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiny Wav2Vec2 and log-mel CNN (TorchScript and ONNX) against the embeddings torch computed through the same
 * pipeline (reference.json of tiny-wav2vec2 and tiny-logmel): cosine at least 0.9999 and every component within 1e-4 for every clip.
 */
class AudioEncoderParityTest {
  static AudioEncoder open(String folder, ModelEngine engine) {
    return AudioEncoder.create(AudioEncoderConfig.builder()
        .setSource(ModelSource.parse(AudioFixtures.resource(folder).toString())).optEngine(engine).build());
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
    return na == 0 && nb == 0 ? 1 : dot / Math.sqrt(na * nb);
  }

  @ParameterizedTest
  @CsvSource({"tiny-wav2vec2, ONNX", "tiny-wav2vec2, PYTORCH", "tiny-logmel, ONNX", "tiny-logmel, PYTORCH"})
  void embeddingsMatchTorch(String folder, ModelEngine engine) throws Exception {
    JsonObject ref = JsonParser.parseString(Files.readString(AudioFixtures.resource(folder + "/reference.json")))
        .getAsJsonObject().getAsJsonObject("embeddings");
    try (AudioEncoder encoder = open(folder, engine)) {
      List<AudioClip> clips = new ArrayList<>();
      for (String name : ref.keySet()) {
        clips.add(AudioDecoder.decode(AudioFixtures.audio(name)));
      }
      List<float[]> batched = encoder.encodeAll(clips);
      int i = 0;
      for (String name : ref.keySet()) {
        JsonArray want = ref.getAsJsonArray(name);
        float[] single = encoder.encode(AudioFixtures.audio(name));
        assertThat(cosine(single, want)).as(name + " " + folder + " on " + engine + " vs reference.json, cosine")
            .isGreaterThanOrEqualTo(0.9999);
        assertThat(cosine(batched.get(i++), want)).as(name + " batched").isGreaterThanOrEqualTo(0.9999);
        assertThat(single).as(name + " dimension").hasSize(want.size());
        for (int d = 0; d < single.length; d++) {
          assertThat(single[d]).as(name + " " + folder + " on " + engine + " component " + d + ", 1e-4 relative")
              .isCloseTo(want.get(d).getAsFloat(), within(1e-4f * Math.max(1, Math.abs(single[d]))));
        }
      }
    }
  }
}
