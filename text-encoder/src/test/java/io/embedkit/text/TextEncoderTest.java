package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.Vectors;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncoderTest {
  @TempDir Path tmp;

  private Path copyTiny(String... files) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    for (String f : files) {
      try (InputStream in = getClass().getResourceAsStream("/tiny-bert/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    return dir;
  }

  private static float[] weightedAverage(float[][] rows, int[] weights) {
    float[] out = new float[rows[0].length];
    double total = Arrays.stream(weights).sum();
    for (int d = 0; d < out.length; d++) {
      double s = 0;
      for (int r = 0; r < rows.length; r++) {
        s += weights[r] * (double) rows[r][d];
      }
      out[d] = (float) (s / total);
    }
    return out;
  }

  private static void assertClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("component " + i).isCloseTo(expected[i], within(tolerance));
    }
  }

  @Test
  void sentenceTransformersFolderFilesSetPoolingLengthAndNormalisation() throws IOException {
    Path dir = copyTiny("model.onnx", "model.pt", "tokenizer.json", "config.json");
    Files.writeString(dir.resolve("modules.json"), "[{\"idx\":0,\"name\":\"0\",\"path\":\"\",\"type\":"
        + "\"sentence_transformers.models.Transformer\"},{\"idx\":1,\"name\":\"1\",\"path\":\"1_Pooling\",\"type\":"
        + "\"sentence_transformers.models.Pooling\"},{\"idx\":2,\"name\":\"2\",\"path\":\"2_Normalize\",\"type\":"
        + "\"sentence_transformers.models.Normalize\"}]");
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 6, \"do_lower_case\": false}");
    Files.createDirectories(dir.resolve("1_Pooling"));
    Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 32,"
        + " \"pooling_mode_cls_token\": false, \"pooling_mode_mean_tokens\": false,"
        + " \"pooling_mode_weightedmean_tokens\": true}");
    try (TextEncoder folder = TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(dir))
        .build());
        TextEncoder manual = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optMaxLength(6)
            .optPooling(Pooling.WEIGHTED_MEAN).optNormalize(true).build())) {
      assertThat(folder.describe()).isEqualTo("max length 6, WEIGHTED_MEAN pooling, normalized, OnnxRuntime");
      assertThat(folder.space().name()).isEqualTo("tiny-bert");
      assertThat(folder.space().dimension()).isEqualTo(32);
      String text = "one two three four five six seven";
      assertThat(folder.tokenIds(text)).hasSize(6);
      assertClose(folder.encode(text), manual.encode(text), 1e-6);
      assertThat((double) Vectors.norm(folder.encode(text))).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void withoutSentenceTransformersFilesTheDefaultsApply() throws IOException {
    Path dir = copyTiny("model.pt", "tokenizer.json");
    try (TextEncoder e = TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(dir)).build())) {
      // no config.json: max length 512 (the model's 64 positions are not known), mean, no normalisation
      assertThat(e.describe()).isEqualTo("max length 512, MEAN pooling, PyTorch");
      assertThat(e.space().name()).isEqualTo("model");
      assertThat(e.space().normalized()).isFalse();
    }
  }

  @Test
  void bothEnginesGiveTheSameEmbeddings() {
    List<String> texts = List.of("That is a happy person", "Today is a sunny day", "");
    try (TextEncoder onnx = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).build());
        TextEncoder pt = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.PYTORCH).build())) {
      List<float[]> a = onnx.encodeAll(texts);
      List<float[]> b = pt.encodeAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertClose(a.get(i), b.get(i), 1e-5);
      }
    }
  }

  @Test
  void theHubLayoutLoadsAsItIsWithVariantsPickedByName() throws IOException {
    List<String> texts = List.of("a happy dog", "one two three four five six", "");
    List<float[]> flat;
    try (TextEncoder e = TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.classpath("/tiny-bert")).build())) {
      flat = e.encodeAll(texts);
    }
    // as the hub serves a sentence-transformers repository: configs at the top, weights under onnx/
    Path hub = copyTiny("config.json", "tokenizer.json");
    Files.createDirectories(hub.resolve("onnx"));
    try (InputStream in = getClass().getResourceAsStream("/tiny-bert/model.onnx")) {
      Files.copy(in, hub.resolve("onnx/model.onnx"));
    }
    Files.copy(hub.resolve("onnx/model.onnx"), hub.resolve("onnx/model_quantized.onnx"));
    Files.copy(hub.resolve("onnx/model.onnx"), hub.resolve("onnx/model_O4.onnx"));
    assertThat(io.embedkit.core.Encoders.providers().stream().filter(p -> p.inputType() == String.class)
        .anyMatch(p -> p.accepts(hub.toString()))).as("Encoders.open recognises the layout").isTrue();
    for (String weights : new String[] {null, "quantized", "onnx/model_O4.onnx"}) {
      try (TextEncoder e = TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(hub))
          .optWeights(weights).build())) {
        List<float[]> got = e.encodeAll(texts);
        for (int i = 0; i < texts.size(); i++) {
          assertThat(got.get(i)).as("weights " + weights + ", text " + i + " vs the flat layout")
              .containsExactly(flat.get(i));
        }
      }
    }
    Files.delete(hub.resolve("onnx/model.onnx"));
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(hub))
        .build())).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("holds several model weights [onnx/model_O4.onnx, onnx/model_quantized.onnx]")
        .hasMessageEndingWith("[O4, quantized] or a file name");
    try (io.embedkit.core.Encoder<String> e = io.embedkit.core.Encoders.open(hub.toString(), String.class,
        io.embedkit.core.EncoderOptions.DEFAULTS.withArgument("weights", "O4"))) {
      assertThat(e.encode(texts.get(0))).containsExactly(flat.get(0));
    }
  }

  @Test
  void whenBothWeightFilesExistOnnxIsChosen() {
    try (TextEncoder e = TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.classpath("/tiny-bert")).build())) {
      assertThat(e.describe()).endsWith("OnnxRuntime");
    }
  }

  @Test
  void longTextsAreTruncatedOrEmbeddedInOverlappingWindows() {
    String sixteen = "one two three four five six seven eight nine ten red green blue big small fast";
    String[] w = sixteen.split(" ");
    try (TextEncoder window = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optMaxLength(10).build());
        TextEncoder chunked = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optMaxLength(10)
            .optChunking(0).build());
        TextEncoder overlapping = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optMaxLength(10)
            .optChunking(2).build())) {
      assertThat(window.tokenIds(sixteen)).hasSize(10);
      float[] first = window.encode(String.join(" ", Arrays.copyOfRange(w, 0, 8)));
      float[] second = window.encode(String.join(" ", Arrays.copyOfRange(w, 8, 16)));
      assertClose(window.encode(sixteen), first, 1e-6);
      // two windows of 8 words + [CLS] [SEP], weighted by their 10 tokens each
      assertClose(chunked.encode(sixteen), weightedAverage(new float[][] {first, second}, new int[] {10, 10}), 1e-5);
      // overlap 2: windows start at words 0, 6 and 12
      float[] a = window.encode(String.join(" ", Arrays.copyOfRange(w, 0, 8)));
      float[] b = window.encode(String.join(" ", Arrays.copyOfRange(w, 6, 14)));
      float[] c = window.encode(String.join(" ", Arrays.copyOfRange(w, 12, 16)));
      assertClose(overlapping.encode(sixteen), weightedAverage(new float[][] {a, b, c}, new int[] {10, 10, 6}), 1e-5);
      // short texts are one window: the same as without chunking
      assertClose(chunked.encode("happy dog"), window.encode("happy dog"), 1e-6);
      List<float[]> mixed = chunked.encodeAll(List.of("happy dog", sixteen, "sad cat"));
      assertClose(mixed.get(1), chunked.encode(sixteen), 1e-6);
      assertClose(mixed.get(2), window.encode("sad cat"), 1e-6);
    }
    assertThatThrownBy(() -> TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optMaxLength(10)
        .optChunking(8).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("chunk overlap 8 leaves no new tokens in windows of 10 tokens");
  }

  @Test
  void prefixNormalisationAndMatryoshkaTruncation() {
    try (TextEncoder plain = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).build());
        TextEncoder prefixed = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optPrefix("query: ").build());
        TextEncoder normalized = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optNormalize(true).build());
        TextEncoder truncated = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optNormalize(true)
            .optTruncateDimension(8).build())) {
      assertClose(prefixed.encode("happy dog"), plain.encode("query: happy dog"), 1e-6);
      float[] raw = plain.encode("happy dog");
      assertThat((double) Vectors.norm(raw)).isNotCloseTo(1.0, within(1e-3));
      assertClose(normalized.encode("happy dog"), Vectors.normalized(raw), 1e-6);
      assertThat(truncated.space().dimension()).isEqualTo(8);
      assertClose(truncated.encode("happy dog"), Vectors.normalized(Arrays.copyOf(raw, 8)), 1e-6);
    }
    assertThatThrownBy(() -> TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optTruncateDimension(33)
        .build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("truncateDimension 33 exceeds the model's dimension 32");
  }

  @Test
  void badInputIsNamed() {
    try (TextEncoder e = TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).build())) {
      List<String> withNull = new ArrayList<>(List.of("a", "b"));
      withNull.add(1, null);
      assertThatThrownBy(() -> e.encodeAll(withNull))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("input text at position 1 is null");
      assertThatThrownBy(() -> e.encode(null))
          .isInstanceOf(InvalidInputException.class).hasMessage("input text must not be null");
      // empty and blank texts embed as the tokenizer encodes them: [CLS] [SEP]
      assertThat(e.tokenIds("")).containsExactly(2, 3);
      assertThat(e.tokenIds(" \t ")).containsExactly(2, 3);
      assertThat(e.encode(" \t ")).isEqualTo(e.encode(""));
    }
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path noTokenizer = copyTiny("model.onnx", "config.json");
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.directory(noTokenizer)).build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + noTokenizer + ": no tokenizer file [tokenizer.json] in " + noTokenizer
            + " (it holds [config.json, model.onnx])");
    Files.delete(noTokenizer.resolve("model.onnx"));
    Files.copy(getClass().getResourceAsStream("/tiny-bert/tokenizer.json"), noTokenizer.resolve("tokenizer.json"));
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.directory(noTokenizer)).build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + noTokenizer + ": no weights file [model.onnx, onnx/model.onnx, model.pt] in " + noTokenizer
            + " (it holds [config.json, tokenizer.json])");
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.directory(noTokenizer)).optEngine(ModelEngine.PYTORCH).build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no pytorch weights file [model.pt]");
  }

  @Test
  void aTokenizerOfAnotherVocabularyFailsAtLoad() throws IOException {
    Path dir = copyTiny("model.onnx", "config.json");
    try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, dir.resolve("tokenizer.json"));
    }
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(dir))
        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("tokenizer " + dir.resolve("tokenizer.json") + " has token ids up to 30521 but the model's"
            + " vocabulary (" + dir.resolve("config.json") + " vocab_size) has 93: they come from different models");
    // without config.json the model itself is tried on the tokenizer's largest id
    Files.delete(dir.resolve("config.json"));
    assertThatThrownBy(() -> TextEncoder.create(TextEncoderConfig.builder().setSource(ModelSource.directory(dir))
        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model " + dir.resolve("model.onnx") + " fails on token id 30521, which tokenizer "
            + dir.resolve("tokenizer.json") + " produces: the tokenizer and the model have different vocabularies");
  }
}
