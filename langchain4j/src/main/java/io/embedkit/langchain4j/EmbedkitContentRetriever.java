package io.embedkit.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.SearchHit;
import io.embedkit.core.SearchOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j {@link ContentRetriever} over an embedkit {@link EmbeddingStore} of texts: vector, keyword (BM25) or
 * hybrid search, filtered and optionally reranked by a cross-encoder, as {@link SearchOptions} say — the retrieval
 * LangChain4j's own {@code EmbeddingStoreContentRetriever} does with vectors alone.
 *
 * <pre>{@code
 * EmbeddingStore<String> store = EmbeddingStore.of(TextEncoder.minilm(), FlatIndex.create(384, Metric.COSINE),
 *     LuceneKeywordIndex.create());
 * ContentRetriever retriever = EmbedkitContentRetriever.builder(store)
 *     .options(SearchOptions.hybrid().rerank(crossEncoder, 50))
 *     .maxResults(5)
 *     .build();
 * RetrievalAugmentor augmentor = DefaultRetrievalAugmentor.builder().contentRetriever(retriever).build();
 * }</pre>
 *
 * <p>Each content carries the hit's text and metadata, its id as {@link ContentMetadata#EMBEDDING_ID}, and its score
 * as {@link ContentMetadata#SCORE} (as {@link ContentMetadata#RERANKED_SCORE} too where a reranker scored it). Hits
 * without stored text are left out. Thread-safe when the store is.
 */
public final class EmbedkitContentRetriever implements ContentRetriever {
  private final EmbeddingStore<String> store;
  private final SearchOptions options;
  private final int maxResults;

  private EmbedkitContentRetriever(Builder b) {
    this.store = b.store;
    this.options = b.options;
    this.maxResults = b.maxResults;
  }

  /**
   * Starts a retriever over a store.
   *
   * @param store a store of texts (with a keyword index for keyword and hybrid search)
   * @return the builder
   */
  public static Builder builder(EmbeddingStore<String> store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /** Settings of an {@link EmbedkitContentRetriever}. */
  public static final class Builder {
    private final EmbeddingStore<String> store;
    private SearchOptions options = SearchOptions.hybrid();
    private int maxResults = 3;

    private Builder(EmbeddingStore<String> store) {
      this.store = store;
    }

    /**
     * Sets how to search (default: hybrid with reciprocal rank fusion).
     *
     * @param options the mode, filter, fusion and reranker
     * @return this builder
     */
    public Builder options(SearchOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how many contents a query returns at most (default 3, as LangChain4j's retriever).
     *
     * @param maxResults at least 1
     * @return this builder
     */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1) {
        throw new InvalidInputException("maxResults must be at least 1, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /**
     * Builds the retriever.
     *
     * @return the retriever
     */
    public EmbedkitContentRetriever build() {
      return new EmbedkitContentRetriever(this);
    }
  }

  @Override
  public List<Content> retrieve(Query query) {
    Objects.requireNonNull(query, "query");
    List<SearchHit> hits = store.search(query.text(), maxResults, options);
    List<Content> out = new ArrayList<>(hits.size());
    int reranked = options.reranker() == null ? 0 : options.rerankTop();
    for (int i = 0; i < hits.size(); i++) {
      SearchHit h = hits.get(i);
      if (h.text() == null || h.text().isBlank()) {
        continue;
      }
      Map<ContentMetadata, Object> meta = new EnumMap<>(ContentMetadata.class);
      meta.put(ContentMetadata.SCORE, (double) h.score());
      if (i < reranked) {
        meta.put(ContentMetadata.RERANKED_SCORE, (double) h.score());
      }
      meta.put(ContentMetadata.EMBEDDING_ID, h.id());
      out.add(Content.from(TextSegment.from(h.text(), Filters.toLangChain4j(h.metadata())), meta));
    }
    return out;
  }
}
