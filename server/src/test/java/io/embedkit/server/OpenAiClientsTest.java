package io.embedkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.embedkit.text.TextEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real OpenAI clients, unchanged, pointed at the server: the official OpenAI Java SDK (float and base64) and
 * LangChain4j's OpenAiEmbeddingModel get the in-process encoder's vectors to 1e-6.
 */
class OpenAiClientsTest {
  static final List<String> TEXTS = List.of("That is a happy person", "Today is a sunny day",
      "Artificial intelligence is revolutionizing healthcare", "a");

  private static void assertClose(List<Float> got, float[] want) {
    assertThat(got).hasSize(want.length);
    for (int i = 0; i < want.length; i++) {
      assertThat(got.get(i)).as("component %d", i).isCloseTo(want[i], within(1e-6f));
    }
  }

  @Test
  void theOpenAiJavaSdkGetsTheInProcessVectorsInFloatAndBase64() {
    EmbeddingServer server = TestServers.shared();
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("unused").build();
    List<float[]> want = TestServers.reference().encodeAll(TEXTS);
    for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.FLOAT,
        EmbeddingCreateParams.EncodingFormat.BASE64)) {
      CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("minilm")
          .inputOfArrayOfStrings(TEXTS).encodingFormat(format).build());
      assertThat(r.data()).hasSize(TEXTS.size());
      assertThat(r.model()).isEqualTo("minilm");
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(r.data().get(i).index()).isEqualTo(i);
        assertClose(r.data().get(i).embedding(), want.get(i));
      }
      long tokens = TEXTS.stream().mapToLong(t -> ((TextEncoder) TestServers.reference()).tokenIds(t).length).sum();
      assertThat(r.usage().promptTokens()).isEqualTo(tokens);
      assertThat(r.usage().totalTokens()).isEqualTo(tokens);
    }
    CreateEmbeddingResponse one = client.embeddings().create(EmbeddingCreateParams.builder().model("minilm")
        .input(TEXTS.get(0)).dimensions(64).build());
    assertClose(one.data().get(0).embedding(), EmbeddingServer.truncate(want.get(0), 64, true));
    double norm = 0;
    for (float f : one.data().get(0).embedding()) {
      norm += f * f;
    }
    assertThat(norm).as("Matryoshka: renormalised").isCloseTo(1, within(1e-5));
    assertThat(client.models().list().data()).extracting(m -> m.id()).contains("minilm", "tiny-image");
  }

  @Test
  void langChain4jsOpenAiEmbeddingModelGetsTheInProcessVectors() {
    EmbeddingServer server = TestServers.shared();
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey("unused")
        .modelName("minilm").build();
    List<float[]> want = TestServers.reference().encodeAll(TEXTS);
    List<Embedding> got = model.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] v = got.get(i).vector();
      assertThat(v).hasSize(384);
      for (int d = 0; d < v.length; d++) {
        assertThat(v[d]).isCloseTo(want.get(i)[d], within(1e-6f));
      }
    }
    OpenAiEmbeddingModel small = OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey("unused")
        .modelName("minilm").dimensions(32).build();
    assertThat(small.embed("hello").content().vector()).hasSize(32);
  }
}
