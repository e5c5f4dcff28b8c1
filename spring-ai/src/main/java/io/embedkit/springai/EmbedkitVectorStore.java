package io.embedkit.springai;

import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter.Expression;

/**
 * Spring AI's {@link VectorStore} over any embedkit {@link VectorIndex} (HNSW, flat, Solr) and any Spring AI
 * {@link EmbeddingModel} (embedkit's or another): a document's text and metadata (strings, numbers, booleans)
 * are stored with its vector; Spring AI's filter expressions become embedkit's filters, applied during the
 * search. A hit's {@link Document#getScore() score} is the cosine similarity for cosine and dot-product
 * indexes ({@code 1 / (1 + distance)} for L2 and L1), also in the metadata as {@code distance} (1 - score), as
 * Spring AI's stores do. Thread-safe as the index and model are.
 */
public final class EmbedkitVectorStore implements VectorStore {
  private final VectorIndex index;
  private final EmbeddingModel model;

  /**
   * Creates a store; it does not close the index or the model.
   *
   * @param index the index, of the model's dimension
   * @param model the embedding model
   */
  public EmbedkitVectorStore(VectorIndex index, EmbeddingModel model) {
    this.index = Objects.requireNonNull(index, "index");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String getName() {
    return "EmbedkitVectorStore";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> getNativeClient() {
    return Optional.of((T) index);
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
   * Saves the index, with the documents' texts and metadata, atomically.
   *
   * @param file the file
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    index.save(file);
  }

  @Override
  public void add(List<Document> documents) {
    List<String> texts = new ArrayList<>(documents.size());
    for (Document d : documents) {
      if (d.getText() == null) {
        throw new io.embedkit.core.InvalidInputException("document '" + d.getId() + "' has no text: this store"
            + " embeds texts");
      }
      texts.add(d.getText());
    }
    List<float[]> vectors = model.embed(texts);
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      index.add(d.getId(), vectors.get(i), d.getText(), d.getMetadata());
    }
  }

  @Override
  public void delete(List<String> ids) {
    for (String id : ids) {
      index.remove(id);
    }
  }

  @Override
  public void delete(Expression filter) {
    Objects.requireNonNull(filter, "filter");
    for (String id : index.ids(SpringFilters.translate(filter))) {
      index.remove(id);
    }
  }

  @Override
  public List<Document> similaritySearch(SearchRequest request) {
    Filter filter = request.hasFilterExpression() ? SpringFilters.translate(request.getFilterExpression()) : null;
    float[] query = model.embed(request.getQuery());
    List<SearchHit> hits;
    try {
      hits = index.search(query, request.getTopK(), filter);
    } catch (EmptyIndexException e) {
      return List.of();
    }
    boolean all = request.getSimilarityThreshold() <= SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL;
    List<Document> out = new ArrayList<>(hits.size());
    for (SearchHit h : hits) {
      double score = index.metric() == Metric.COSINE || index.metric() == Metric.DOT ? h.score()
          : 1 / (1 + (double) h.distance());
      if (!all && score < request.getSimilarityThreshold()) {
        continue;
      }
      Map<String, Object> meta = new HashMap<>(h.metadata());
      meta.put("distance", 1 - score);
      out.add(Document.builder().id(h.id()).text(h.text()).metadata(meta).score(score).build());
    }
    return out;
  }
}
