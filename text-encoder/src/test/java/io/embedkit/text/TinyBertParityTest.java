package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tiny BERT of tools/fixtures/make_tiny_bert.py, on both engines, against pooled embeddings computed in
 * Python with sentence-transformers' pooling operations (reference.json).
 */
class TinyBertParityTest {
  /** The tolerance for pooled outputs, per component. */
  static final double TOLERANCE = 1e-5;
  static final String FIXTURE = "tiny-bert/reference.json";

  static JsonObject reference() throws IOException {
    try (InputStream in = TinyBertParityTest.class.getResourceAsStream("/" + FIXTURE)) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  static TextEncoderConfig.Builder tiny(ModelEngine engine) {
    return TextEncoderConfig.builder().setSource(ModelSource.classpath("/tiny-bert")).optEngine(engine)
        .optNormalize(false).optConcurrency(2);
  }

  static List<Arguments> enginesAndModes() {
    List<Arguments> out = new ArrayList<>();
    for (ModelEngine e : ModelEngine.values()) {
      for (Pooling p : Pooling.values()) {
        out.add(Arguments.of(e, p));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("enginesAndModes")
  void pooledEmbeddingsMatchTheReference(ModelEngine engine, Pooling pooling) throws IOException {
    JsonObject ref = reference();
    List<String> sentences = new ArrayList<>();
    ref.getAsJsonArray("sentences").forEach(e -> sentences.add(e.getAsString()));
    JsonArray expected = ref.getAsJsonObject("pooled").getAsJsonArray(pooling.configName());
    try (TextEncoder encoder = TextEncoder.create(tiny(engine).optPooling(pooling).optBatchSize(3).build())) {
      for (int i = 0; i < sentences.size(); i++) {
        JsonArray ids = ref.getAsJsonArray("token_ids").get(i).getAsJsonArray();
        long[] want = new long[ids.size()];
        for (int j = 0; j < want.length; j++) {
          want[j] = ids.get(j).getAsLong();
        }
        assertThat(encoder.tokenIds(sentences.get(i))).as("token ids of '%s'", sentences.get(i)).containsExactly(want);
      }
      List<float[]> got = encoder.encodeAll(sentences); // batches of 3 with padding, sorted by length
      for (int i = 0; i < sentences.size(); i++) {
        JsonArray row = expected.get(i).getAsJsonArray();
        assertThat(got.get(i)).hasSize(row.size());
        for (int d = 0; d < row.size(); d++) {
          assertThat((double) got.get(i)[d])
              .as("%s, %s %s, sentence %d component %d, tolerance %s", FIXTURE, engine, pooling, i, d, TOLERANCE)
              .isCloseTo(row.get(d).getAsDouble(), within(TOLERANCE));
        }
      }
    }
  }
}
