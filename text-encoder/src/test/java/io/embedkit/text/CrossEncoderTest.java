package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.SearchHit;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The cross-encoder against torch: scores from the fixtures {@code tools/fixtures/make_tiny_cross_encoder.py}
 * made, for pairs of unequal lengths run as one padded batch there and here, to 1e-4.
 */
class CrossEncoderTest {
  private static final double TOLERANCE = 1e-4;
  @TempDir Path tmp;

  private static JsonObject reference(String folder) throws IOException {
    try (InputStream in = CrossEncoderTest.class.getResourceAsStream("/" + folder + "/reference.json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  private static List<String> passages(JsonObject ref) {
    List<String> out = new ArrayList<>();
    ref.getAsJsonArray("passages").forEach(e -> out.add(e.getAsString()));
    return out;
  }

  private static float[] logits(JsonObject ref, int row) {
    JsonArray a = ref.getAsJsonArray("logits").get(row).getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void oneLogitScoresEqualTorchsForPairsOfUnequalLengthsBatchedTogether(ModelEngine engine) throws IOException {
    JsonObject ref = reference("tiny-cross-encoder");
    List<String> passages = passages(ref);
    for (int batch : new int[] {32, 4, 1}) {
      try (CrossEncoder ce = CrossEncoder.builder(ModelSource.classpath("/tiny-cross-encoder")).optEngine(engine)
          .optBatchSize(batch).build()) {
        assertThat(ce.labels()).isEqualTo(1);
        float[] scores = ce.score(ref.get("query").getAsString(), passages);
        for (int i = 0; i < passages.size(); i++) {
          assertThat((double) scores[i]).as("%s batch %d pair %d", engine, batch, i)
              .isCloseTo(logits(ref, i)[0], within(TOLERANCE));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void aNamedLabelScoresByItsSoftmaxProbability(ModelEngine engine) throws IOException {
    JsonObject ref = reference("tiny-cross-encoder-3");
    List<String> passages = passages(ref);
    try (CrossEncoder ce = CrossEncoder.builder(ModelSource.classpath("/tiny-cross-encoder-3")).optEngine(engine)
        .optLabel("entailment").build()) {
      float[] scores = ce.score(ref.get("query").getAsString(), passages);
      for (int i = 0; i < passages.size(); i++) {
        float[] l = logits(ref, i);
        double sum = Math.exp(l[0]) + Math.exp(l[1]) + Math.exp(l[2]);
        assertThat((double) scores[i]).as("pair %d", i).isCloseTo(Math.exp(l[1]) / sum, within(TOLERANCE));
      }
    }
    assertThatThrownBy(() -> CrossEncoder.load(ModelSource.classpath("/tiny-cross-encoder-3")))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("entailment").hasMessageContaining("3 labels");
    assertThatThrownBy(() -> CrossEncoder.builder(ModelSource.classpath("/tiny-cross-encoder-3")).optLabel("maybe")
        .build()).isInstanceOf(InvalidInputException.class).hasMessageContaining("no label 'maybe'");
  }

  @Test
  void rerankOrdersHitsByTorchsScores() throws IOException {
    JsonObject ref = reference("tiny-cross-encoder");
    List<String> passages = passages(ref);
    List<SearchHit> hits = new ArrayList<>();
    for (int i = 0; i < passages.size(); i++) {
      hits.add(new SearchHit("p" + i, 1f - i * 0.1f, 0f, Map.of(), passages.get(i)));
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < passages.size(); i++) {
      expected.add(i);
    }
    expected.sort((a, b) -> Float.compare(logits(ref, b)[0], logits(ref, a)[0]));
    try (CrossEncoder ce = CrossEncoder.load(ModelSource.classpath("/tiny-cross-encoder"))) {
      List<SearchHit> reranked = ce.rerank(ref.get("query").getAsString(), hits);
      assertThat(reranked).extracting(SearchHit::id).containsExactlyElementsOf(expected.stream().map(i -> "p" + i).toList());
      assertThat(reranked.get(0).score()).isCloseTo(logits(ref, expected.get(0))[0], within((float) TOLERANCE));
    }
  }

  @Test
  void truncatesLongPairsToTheModelsPositionsAndRunsConcurrently() throws Exception {
    try (CrossEncoder ce = CrossEncoder.load(ModelSource.classpath("/tiny-cross-encoder"))) {
      String longPassage = "one two three four five six seven eight nine ten ".repeat(40); // 400 words, 64 positions
      List<String> passages = List.of(longPassage, "a happy person", longPassage + " rain");
      float[] once = ce.score("what do happy people do today", passages);
      assertThat(once).hasSize(3);
      assertThat(once[0]).isEqualTo(once[2]); // both cut to the same first 64 tokens
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> runs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          runs.add(pool.submit(() -> ce.score("what do happy people do today", passages)));
        }
        for (Future<float[]> f : runs) {
          assertThat(f.get()).containsExactly(once);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThatThrownBy(() -> ce.score(null, passages)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ce.score("q", java.util.Arrays.asList("a", null)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("position 1");
    }
  }

  @Test
  void aSentenceTransformersSigmoidIsApplied() throws IOException {
    Path dir = tmp.resolve("ce");
    Files.createDirectories(dir);
    for (String f : List.of("tokenizer.json", "model.onnx", "reference.json")) {
      try (InputStream in = getClass().getResourceAsStream("/tiny-cross-encoder/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    JsonObject config;
    try (InputStream in = getClass().getResourceAsStream("/tiny-cross-encoder/config.json")) {
      config = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
    JsonObject st = new JsonObject();
    st.addProperty("activation_fn", "torch.nn.modules.activation.Sigmoid");
    config.add("sentence_transformers", st);
    Files.writeString(dir.resolve("config.json"), config.toString());
    JsonObject ref = reference("tiny-cross-encoder");
    CrossEncoder ce = CrossEncoder.load(ModelSource.directory(dir));
    float[] scores = ce.score(ref.get("query").getAsString(), passages(ref));
    for (int i = 0; i < scores.length; i++) {
      assertThat((double) scores[i]).isCloseTo(1 / (1 + Math.exp(-logits(ref, i)[0])), within(TOLERANCE));
    }
    ce.close();
    ce.close();
    assertThatThrownBy(() -> ce.score("q", List.of("p"))).isInstanceOf(AlreadyClosedException.class);
    Files.delete(dir.resolve("config.json"));
    assertThatThrownBy(() -> CrossEncoder.load(ModelSource.directory(dir))).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("config.json");
  }
}
