package io.embedkit.core;

import java.util.Objects;

/**
 * How an {@link EmbeddingStore} searches: the mode, a filter, how hybrid rankings are fused and how deep, and
 * an optional reranker for the first hits. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * store.search("heart attack symptoms", 10, SearchOptions.hybrid().filter(Filter.eq("lang", "en")));
 * store.search("heart attack symptoms", 10, SearchOptions.vector().rerank(reranker, 50));
 * }</pre>
 *
 * @param mode which index answers
 * @param filter which items may be returned; null accepts all (applied on both sides of a hybrid search)
 * @param fusion how hybrid rankings merge
 * @param depth each hybrid ranking is {@code k × depth} hits deep, at least 1
 * @param reranker reorders the first {@code rerankTop} hits, or null
 * @param rerankTop how many hits the reranker reads (the search gathers at least as many)
 */
public record SearchOptions(SearchMode mode, Filter filter, Fusion fusion, int depth, Reranker reranker,
    int rerankTop) {
  /** Each hybrid ranking is {@code k × 5} hits deep unless set otherwise. */
  public static final int DEFAULT_DEPTH = 5;

  /** Checks the options. */
  public SearchOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fusion, "fusion");
    if (depth < 1) {
      throw new InvalidInputException("depth must be at least 1, was " + depth);
    }
    if (reranker != null && rerankTop < 1) {
      throw new InvalidInputException("the reranker must read at least 1 hit, was " + rerankTop);
    }
  }

  /**
   * Returns options for a vector search.
   *
   * @return the options
   */
  public static SearchOptions vector() {
    return of(SearchMode.VECTOR);
  }

  /**
   * Returns options for a keyword search.
   *
   * @return the options
   */
  public static SearchOptions keyword() {
    return of(SearchMode.KEYWORD);
  }

  /**
   * Returns options for a hybrid search with reciprocal rank fusion ({@link Fusion#rrf()}).
   *
   * @return the options
   */
  public static SearchOptions hybrid() {
    return of(SearchMode.HYBRID);
  }

  /**
   * Returns options for a search in a mode.
   *
   * @param mode the mode
   * @return the options
   */
  public static SearchOptions of(SearchMode mode) {
    return new SearchOptions(mode, null, Fusion.rrf(), DEFAULT_DEPTH, null, 0);
  }

  /**
   * Returns these options with a filter.
   *
   * @param filter which items may be returned; null accepts all
   * @return the options
   */
  public SearchOptions filter(Filter filter) {
    return new SearchOptions(mode, filter, fusion, depth, reranker, rerankTop);
  }

  /**
   * Returns these options with another fusion (hybrid mode).
   *
   * @param fusion the fusion
   * @return the options
   */
  public SearchOptions fusion(Fusion fusion) {
    return new SearchOptions(mode, filter, fusion, depth, reranker, rerankTop);
  }

  /**
   * Returns these options with another depth of the hybrid rankings.
   *
   * @param depth each ranking is {@code k × depth} hits deep
   * @return the options
   */
  public SearchOptions depth(int depth) {
    return new SearchOptions(mode, filter, fusion, depth, reranker, rerankTop);
  }

  /**
   * Returns these options with a reranker: the search gathers {@code max(k, top)} hits, the reranker reorders
   * the first {@code top}, and the best {@code k} are returned (hits past {@code top} follow in their order).
   *
   * @param reranker the reranker; null for none
   * @param top how many hits it reads
   * @return the options
   */
  public SearchOptions rerank(Reranker reranker, int top) {
    return new SearchOptions(mode, filter, fusion, depth, reranker, top);
  }
}
