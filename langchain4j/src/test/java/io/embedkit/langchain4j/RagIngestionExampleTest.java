package io.embedkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's LangChain4j example: RAG ingestion with LangChain4j's {@link EmbeddingStoreIngestor} into
 * embedkit's MiniLM and HNSW index, retrieval through {@link EmbeddingStoreContentRetriever}, persistence
 * through embedkit's index file; and the adapters give what embedkit gives directly.
 */
class RagIngestionExampleTest {
  @TempDir Path tmp;

  static final List<Document> DOCUMENTS = List.of(
      Document.from("Artificial intelligence is revolutionizing healthcare. Models read scans and flag tumours.",
          Metadata.from("topic", "health").put("year", 2024)),
      Document.from("Data privacy is a major concern in medical applications.",
          Metadata.from("topic", "health").put("year", 2021)),
      Document.from("The stock market rallied after the central bank cut interest rates.",
          Metadata.from("topic", "finance").put("year", 2024)),
      Document.from("My cat sleeps on the sofa all afternoon.", Metadata.from("topic", "pets").put("year", 2019)));

  @Test
  void ingestRetrieveSaveAndLoad() throws Exception {
    Path file = tmp.resolve("rag.hnsw");
    List<Document> documents = DOCUMENTS;
    // --- the example (README: "LangChain4j"; ReadmeSnippetTest keeps the two the same) ---
    try (Encoder<String> minilm = Encoders.open("minilm", String.class)) {
      EmbedkitEmbeddingModel model = new EmbedkitEmbeddingModel(minilm);
      HnswIndex index = HnswIndex.create(HnswConfig.of(model.dimension(), Metric.COSINE));
      EmbedkitEmbeddingStore store = new EmbedkitEmbeddingStore(index);
      EmbeddingStoreIngestor.builder()
          .documentSplitter(DocumentSplitters.recursive(60, 0))
          .embeddingModel(model)
          .embeddingStore(store)
          .build()
          .ingest(documents);
      EmbeddingStoreContentRetriever retriever = EmbeddingStoreContentRetriever.builder()
          .embeddingStore(store).embeddingModel(model).maxResults(2)
          .filter(MetadataFilterBuilder.metadataKey("year").isGreaterThanOrEqualTo(2021))
          .build();
      List<Content> found = retriever.retrieve(Query.from("AI in medicine"));
      store.save(file);
      // --- end of the example ---
      check(model, index, store, found, file);
    }
  }

  private static void check(EmbedkitEmbeddingModel model, HnswIndex index, EmbedkitEmbeddingStore store,
      List<Content> found, Path file) throws Exception {
    assertThat(index.size()).as("the longer documents are split").isGreaterThan(DOCUMENTS.size());
    assertThat(found).hasSize(2);
    assertThat(found.get(0).textSegment().text()).startsWith("Artificial intelligence is revolutionizing");
    assertThat(found.get(0).textSegment().metadata().getString("topic")).isEqualTo("health");
    assertThat(found.get(0).textSegment().metadata().getInteger("year")).isEqualTo(2024);
    assertThat(found).noneMatch(c -> c.textSegment().text().contains("cat"));

    try (HnswIndex loaded = HnswIndex.load(file)) {
      EmbedkitEmbeddingStore again = new EmbedkitEmbeddingStore(loaded);
      Embedding q = model.embed("AI in medicine").content();
      EmbeddingSearchRequest request = EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(5).build();
      assertThat(again.search(request).matches()).isEqualTo(store.search(request).matches());
    }
  }

  @Test
  void theAdaptersGiveWhatEmbedkitGivesDirectly() {
    EmbedkitEmbeddingModel model = MiniLm.model();
    List<String> texts = List.of("a happy dog", "the central bank", "tumours on scans");
    List<Embedding> adapted = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
    List<float[]> direct = model.encoder().encodeAll(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(adapted.get(i).vector()).isEqualTo(direct.get(i));
    }
    assertThat(model.dimension()).isEqualTo(384);

    HnswIndex index = HnswIndex.create(HnswConfig.of(384, Metric.COSINE));
    EmbedkitEmbeddingStore store = new EmbedkitEmbeddingStore(index);
    for (int i = 0; i < texts.size(); i++) {
      store.add(adapted.get(i), TextSegment.from(texts.get(i), new Metadata().put("n", i)));
    }
    float[] q = model.encoder().encode("a dog that is happy");
    List<SearchHit> hits = index.search(q, 3);
    List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
        .queryEmbedding(Embedding.from(q)).maxResults(3).build()).matches();
    assertThat(matches).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(matches.get(i).embeddingId()).isEqualTo(hits.get(i).id());
      assertThat(matches.get(i).score()).isEqualTo((hits.get(i).score() + 1.0) / 2);
      assertThat(matches.get(i).embedded().text()).isEqualTo(hits.get(i).text());
      assertThat(matches.get(i).embedding().vector()).isEqualTo(index.vector(hits.get(i).id()).orElseThrow());
    }
    assertThat(matches.get(0).embedded().text()).isEqualTo("a happy dog");
  }
}
