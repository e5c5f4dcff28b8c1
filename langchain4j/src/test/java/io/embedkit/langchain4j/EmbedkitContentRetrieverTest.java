package io.embedkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Filter;
import io.embedkit.core.Metric;
import io.embedkit.core.Reranker;
import io.embedkit.core.SearchOptions;
import io.embedkit.core.testing.FakeTextEncoder;
import io.embedkit.core.testing.ShortestFirstReranker;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.keyword.LuceneKeywordIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedkitContentRetrieverTest {
  private static EmbeddingStore<String> store() {
    EmbeddingStore<String> store = EmbeddingStore.of(new FakeTextEncoder("fake", 32),
        FlatIndex.create(32, Metric.COSINE), LuceneKeywordIndex.create());
    store.add("1", "Aspirin reduces the risk of a heart attack", Map.of("lang", "en"));
    store.add("2", "Heart surgery and recovery", Map.of("lang", "en"));
    store.add("3", "Herzinfarkt: Symptome und Behandlung", Map.of("lang", "de"));
    store.add("4", "The history of Rome", Map.of("lang", "en"));
    return store;
  }

  @Test
  void retrievesHybridHitsAsContentsWithTheirScoresIdsAndMetadata() {
    try (EmbeddingStore<String> store = store()) {
      EmbedkitContentRetriever retriever = EmbedkitContentRetriever.builder(store)
          .options(SearchOptions.hybrid().filter(Filter.eq("lang", "en"))).maxResults(2).build();
      List<Content> contents = retriever.retrieve(Query.from("heart attack"));
      assertThat(contents).hasSize(2);
      Content first = contents.get(0);
      assertThat(first.textSegment().text()).isEqualTo("Aspirin reduces the risk of a heart attack");
      assertThat(first.textSegment().metadata().getString("lang")).isEqualTo("en");
      assertThat(first.metadata()).containsEntry(ContentMetadata.EMBEDDING_ID, "1")
          .containsKey(ContentMetadata.SCORE).doesNotContainKey(ContentMetadata.RERANKED_SCORE);
      assertThat(store.search("heart attack", 2, SearchOptions.hybrid().filter(Filter.eq("lang", "en"))))
          .extracting(h -> (double) h.score())
          .containsExactly((Double) contents.get(0).metadata().get(ContentMetadata.SCORE),
              (Double) contents.get(1).metadata().get(ContentMetadata.SCORE));
    }
  }

  @Test
  void marksRerankedScores() {
    Reranker shortestFirst = new ShortestFirstReranker(); // the shorter the passage, the better
    try (EmbeddingStore<String> store = store()) {
      List<Content> contents = EmbedkitContentRetriever.builder(store)
          .options(SearchOptions.keyword().rerank(shortestFirst, 1)).maxResults(2).build()
          .retrieve(Query.from("heart"));
      assertThat(contents).hasSize(2);
      assertThat(contents.get(0).metadata()).containsKey(ContentMetadata.RERANKED_SCORE);
      assertThat(contents.get(1).metadata()).doesNotContainKey(ContentMetadata.RERANKED_SCORE);
    }
  }
}
