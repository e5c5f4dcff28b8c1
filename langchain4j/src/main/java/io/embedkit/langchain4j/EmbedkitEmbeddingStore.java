package io.embedkit.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * LangChain4j's {@link EmbeddingStore} of {@link TextSegment}s over any embedkit {@link VectorIndex} (HNSW,
 * flat, Solr): a segment's text and metadata are stored with its vector and come back with every match;
 * LangChain4j's metadata filters become embedkit's, which the index applies during the search (Solr as
 * filter queries). Scores are LangChain4j's relevance: {@code (cosine + 1) / 2} for cosine and dot-product
 * indexes, {@code 1 / (1 + distance)} for L2 and L1. Thread-safe as the index is.
 *
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = new EmbedkitEmbeddingStore(HnswIndex.create(
 *     HnswConfig.builder(384, Metric.COSINE).build()));
 * store.add(model.embed("hello").content(), TextSegment.from("hello"));
 * }</pre>
 */
public final class EmbedkitEmbeddingStore implements EmbeddingStore<TextSegment> {
  private final VectorIndex index;

  /**
   * Wraps an index; the store does not close it.
   *
   * @param index the index
   */
  public EmbedkitEmbeddingStore(VectorIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  /**
   * Returns the index.
   *
   * @return the index
   */
  public VectorIndex index() {
    return index;
  }

  /**
   * Saves the index, with the segments' texts and metadata, atomically.
   *
   * @param file the file
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    index.save(file);
  }

  @Override
  public String add(Embedding embedding) {
    String id = UUID.randomUUID().toString();
    add(id, embedding);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    index.add(id, embedding.vector(), null, Map.of());
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    String id = UUID.randomUUID().toString();
    addAll(List.of(id), List.of(embedding), List.of(segment));
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(embeddings.size());
    addAll(ids, embeddings, null);
    return ids;
  }

  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
    if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size())) {
      throw new IllegalArgumentException("as many ids, embeddings and segments are needed: " + ids.size() + ", "
          + embeddings.size() + ", " + (segments == null ? "none" : segments.size()));
    }
    for (int i = 0; i < ids.size(); i++) {
      TextSegment s = segments == null ? null : segments.get(i);
      index.add(ids.get(i), embeddings.get(i).vector(), s == null ? null : s.text(),
          s == null ? Map.of() : s.metadata().toMap());
    }
  }

  @Override
  public void removeAll(Collection<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("ids cannot be null or empty");
    }
    for (String id : ids) {
      index.remove(id);
    }
  }

  @Override
  public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter cannot be null");
    }
    for (String id : index.ids(Filters.translate(filter))) {
      index.remove(id);
    }
  }

  @Override
  public void removeAll() {
    for (String id : index.ids(null)) {
      index.remove(id);
    }
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    Filter filter = request.filter() == null ? null : Filters.translate(request.filter());
    List<SearchHit> hits;
    try {
      hits = index.search(request.queryEmbedding().vector(), request.maxResults(), filter);
    } catch (EmptyIndexException e) {
      return new EmbeddingSearchResult<>(List.of());
    }
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(hits.size());
    for (SearchHit h : hits) {
      double relevance = relevance(h);
      if (relevance < request.minScore()) {
        continue;
      }
      Embedding embedding = index.vector(h.id()).map(Embedding::from).orElse(null);
      TextSegment segment = h.text() == null ? null
          : TextSegment.from(h.text(), Filters.toLangChain4j(h.metadata()));
      matches.add(new EmbeddingMatch<>(relevance, h.id(), embedding, segment));
    }
    return new EmbeddingSearchResult<>(matches);
  }

  private double relevance(SearchHit h) {
    Metric m = index.metric();
    if (m == Metric.COSINE || m == Metric.DOT) {
      return Math.max(0, Math.min(1, (h.score() + 1.0) / 2));
    }
    return 1 / (1 + (double) h.distance());
  }
}
