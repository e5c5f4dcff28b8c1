package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.Vectors;
import io.embedkit.runtime.ModelSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The int8 embedded models: found by name, in spaces of their own, close to fp32 and useful for search. */
class QuantizedModelsTest {
  static final List<String> SENTENCES = List.of(
      "That is a happy person", "That is a very happy person", "Today is a sunny day",
      "Artificial intelligence is revolutionizing healthcare", "Healthcare costs continue to rise in many countries",
      "Neural networks have multiple layers", "The stock market fell sharply after the announcement",
      "She plays the violin in the city orchestra", "Rain is expected for the whole weekend",
      "The recipe needs two cups of flour and three eggs", "A quick brown fox jumps over the lazy dog",
      "Data privacy is a major concern in medical applications");

  @Test
  void minilmQIsItsOwnSpaceAndCloseToTheFp32Model() {
    assertThat(ModelSource.embeddedModels()).containsKeys("minilm", "minilm-q", "e5-small-v2-q");
    try (TextEncoder fp32 = TextEncoder.minilm();
        Encoder<String> int8 = Encoders.open("minilm-q", String.class)) {
      assertThat(int8.space().name()).isEqualTo("all-MiniLM-L6-v2-q");
      assertThat(int8.space().dimension()).isEqualTo(384);
      assertThat(int8.space().isCompatibleWith(fp32.space())).as("int8 vectors are another space").isFalse();
      List<float[]> a = fp32.encodeAll(SENTENCES);
      List<float[]> b = int8.encodeAll(SENTENCES);
      double min = 1;
      double sum = 0;
      for (int i = 0; i < SENTENCES.size(); i++) {
        double c = Vectors.cosine(a.get(i), b.get(i));
        min = Math.min(min, c);
        sum += c;
      }
      // measured: min 0.9835, mean 0.9908 (a wrong tokenizer or pooling gives far less)
      assertThat(min).as("the least cosine to the fp32 vector").isGreaterThan(0.95);
      assertThat(sum / SENTENCES.size()).as("the mean cosine to the fp32 vector").isGreaterThan(0.98);
      // the same ranking as fp32 for the README's search
      float[] q = int8.encode("AI in medicine");
      int best = 0;
      for (int i = 1; i < b.size(); i++) {
        if (Vectors.cosine(q, b.get(i)) > Vectors.cosine(q, b.get(best))) {
          best = i;
        }
      }
      assertThat(SENTENCES.get(best)).isEqualTo("Artificial intelligence is revolutionizing healthcare");
    }
  }

  @Test
  void e5SmallV2QFindsThePassageWithItsPrefixes() {
    try (Encoder<String> queries = Encoders.open("e5-small-v2-q", String.class,
            EncoderOptions.DEFAULTS.withArgument("prefix", "query: "));
        Encoder<String> passages = Encoders.open("e5-small-v2-q", String.class,
            EncoderOptions.DEFAULTS.withArgument("prefix", "passage: "))) {
      assertThat(passages.space().name()).isEqualTo("e5-small-v2-q");
      assertThat(((TextEncoder) passages).maxLength()).isEqualTo(512);
      List<float[]> docs = passages.encodeAll(SENTENCES);
      for (String[] qa : new String[][] {
          {"how is the weather this weekend", "Rain is expected for the whole weekend"},
          {"baking a cake", "The recipe needs two cups of flour and three eggs"},
          {"AI in medicine", "Artificial intelligence is revolutionizing healthcare"}}) {
        float[] q = queries.encode(qa[0]);
        int best = 0;
        for (int i = 1; i < docs.size(); i++) {
          if (Vectors.dot(q, docs.get(i)) > Vectors.dot(q, docs.get(best))) {
            best = i;
          }
        }
        assertThat(SENTENCES.get(best)).as(qa[0]).isEqualTo(qa[1]);
      }
    }
  }
}
