package io.embedkit.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Scores how well passages answer a query by reading each pair together (a cross-encoder), to reorder the
 * first hits of a search. Implementations are thread-safe; {@link #close()} releases their model.
 *
 * <pre>{@code
 * try (Reranker reranker = CrossEncoder.load(ModelSource.parse("models/ms-marco-MiniLM-L-6-v2"))) {
 *   List<SearchHit> hits = store.search("what do cats eat", 10, SearchOptions.hybrid().rerank(reranker, 50));
 * }
 * }</pre>
 */
public interface Reranker extends AutoCloseable {
  /**
   * Scores passages for a query, batched.
   *
   * @param query the query
   * @param passages the passages
   * @return one score per passage, in their order; higher is more relevant
   * @throws InvalidInputException for a null query or passage
   */
  float[] score(String query, List<String> passages);

  /**
   * Returns a name for reports, e.g. the model's folder.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Reorders hits by their score for the query; the scores on the returned hits are the reranker's, the
   * distances their negation.
   *
   * @param query the query
   * @param hits hits with stored text (or, for items indexed from vector files, a {@code "text"} metadata string)
   * @return the same hits, most relevant first (equal scores keep their order)
   * @throws InvalidInputException naming the first hit without text
   */
  default List<SearchHit> rerank(String query, List<SearchHit> hits) {
    Objects.requireNonNull(hits, "hits");
    List<String> passages = new ArrayList<>(hits.size());
    for (SearchHit h : hits) {
      String text = h.text() != null ? h.text() : h.metadata().get("text") instanceof String s ? s : null;
      if (text == null) {
        throw new InvalidInputException("hit '" + h.id() + "' has no stored text to rerank");
      }
      passages.add(text);
    }
    if (hits.isEmpty()) {
      return List.of();
    }
    float[] scores = score(query, passages);
    if (scores.length != hits.size()) {
      throw new IllegalStateException(name() + " gave " + scores.length + " scores for " + hits.size() + " passages");
    }
    List<Integer> order = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> -scores[i]));
    List<SearchHit> out = new ArrayList<>(hits.size());
    for (int i : order) {
      SearchHit h = hits.get(i);
      out.add(new SearchHit(h.id(), scores[i], -scores[i], h.metadata(), h.text()));
    }
    return out;
  }

  @Override
  void close();
}
