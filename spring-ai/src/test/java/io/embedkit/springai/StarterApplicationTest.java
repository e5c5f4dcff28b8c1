package io.embedkit.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.Encoder;
import io.embedkit.index.hnsw.HnswIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a Spring Boot application: {@code @Autowired VectorStore} works from properties alone, and
 * the index file is written when the application stops and read when it starts again.
 */
@SpringBootTest(classes = StarterApplicationTest.App.class, properties = {"embedkit.model=minilm",
    "embedkit.index.type=hnsw"})
class StarterApplicationTest {
  @TempDir static Path tmp;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired VectorStore vectorStore;
  @Autowired EmbeddingModel embeddingModel;
  @Autowired Encoder<String> encoder;

  static final List<Document> DOCS = List.of(
      new Document("pets-1", "My cat sleeps on the sofa all afternoon.", Map.of("topic", "pets", "year", 2019)),
      new Document("ai-1", "Artificial intelligence is revolutionizing healthcare.",
          Map.of("topic", "health", "year", 2024, "reviewed", true)),
      new Document("fin-1", "The stock market rallied after the central bank cut rates.",
          Map.of("topic", "finance", "year", 2024)));

  @Test
  void autowiredVectorStoreAddsSearchesFiltersAndDeletes() {
    assertThat(vectorStore).isInstanceOf(EmbedkitVectorStore.class);
    assertThat(embeddingModel.dimensions()).isEqualTo(384);
    assertThat(embeddingModel.embed("a happy dog")).isEqualTo(encoder.encode("a happy dog"));
    vectorStore.add(DOCS);
    List<Document> hits = vectorStore.similaritySearch(SearchRequest.builder().query("AI in medicine").topK(3)
        .build());
    assertThat(hits).extracting(Document::getId).first().isEqualTo("ai-1");
    assertThat(hits.get(0).getText()).isEqualTo("Artificial intelligence is revolutionizing healthcare.");
    assertThat(hits.get(0).getMetadata()).containsEntry("topic", "health").containsEntry("year", 2024L)
        .containsEntry("reviewed", true).containsKey("distance");
    assertThat(hits.get(0).getScore()).isCloseTo(1 - (Double) hits.get(0).getMetadata().get("distance"),
        org.assertj.core.data.Offset.offset(1e-12));
    // the same as embedkit directly: the index's hits for the encoder's query vector
    io.embedkit.core.VectorIndex index = ((EmbedkitVectorStore) vectorStore).index();
    List<io.embedkit.core.SearchHit> direct = index.search(encoder.encode("AI in medicine"), 3);
    assertThat(hits).extracting(Document::getId).containsExactlyElementsOf(
        direct.stream().map(io.embedkit.core.SearchHit::id).toList());
    for (int i = 0; i < hits.size(); i++) {
      assertThat(hits.get(i).getScore()).isEqualTo((double) direct.get(i).score());
      assertThat(hits.get(i).getText()).isEqualTo(direct.get(i).text());
    }
    List<Document> recent = vectorStore.similaritySearch(SearchRequest.builder().query("AI in medicine").topK(3)
        .filterExpression("year >= 2020 && topic != 'health'").build());
    assertThat(recent).extracting(Document::getId).containsExactly("fin-1");
    List<Document> reviewed = vectorStore.similaritySearch(SearchRequest.builder().query("cats").topK(3)
        .filterExpression("reviewed == true || topic in ['pets']").build());
    assertThat(reviewed).extracting(Document::getId).containsExactlyInAnyOrder("ai-1", "pets-1");
    vectorStore.delete("topic == 'finance'");
    assertThat(vectorStore.similaritySearch(SearchRequest.builder().query("money").topK(5).build()))
        .extracting(Document::getId).containsExactlyInAnyOrder("ai-1", "pets-1");
    assertThatThrownBy(() -> vectorStore.add(List.of(new Document("x", "text", Map.of("when", new java.util.Date())))))
        .isInstanceOf(io.embedkit.core.InvalidInputException.class).hasMessageContaining("when");
  }

  @Test
  void theIndexFileIsSavedWhenTheApplicationStopsAndLoadedWhenItStarts() throws Exception {
    Path file = tmp.resolve("store/docs.hnsw");
    String[] args = {"--embedkit.index.path=" + file, "--spring.main.banner-mode=off"};
    try (ConfigurableApplicationContext first = SpringApplication.run(App.class, args)) {
      first.getBean(VectorStore.class).add(DOCS);
    }
    assertThat(file).exists();
    try (HnswIndex saved = HnswIndex.load(file)) {
      assertThat(saved.size()).isEqualTo(3);
      assertThat(saved.text("pets-1")).contains("My cat sleeps on the sofa all afternoon.");
    }
    try (ConfigurableApplicationContext second = SpringApplication.run(App.class, args)) {
      List<Document> hits = second.getBean(VectorStore.class).similaritySearch(
          SearchRequest.builder().query("a sleepy cat").topK(1).build());
      assertThat(hits).extracting(Document::getId).containsExactly("pets-1");
    }
    Files.delete(file);
  }
}
