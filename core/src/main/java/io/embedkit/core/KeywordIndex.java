package io.embedkit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A keyword (full-text) index over items' text, with the ids and typed metadata of a {@link VectorIndex}: what
 * {@link EmbeddingStore} searches beside its vectors in {@link SearchMode#KEYWORD} and {@link SearchMode#HYBRID}
 * modes. Hits are scored by the implementation's ranking function (BM25 for {@code embedkit-keyword}'s Lucene
 * index), higher is better; scores of different queries are not comparable.
 *
 * <p>Implementations are thread-safe: searches may run while items are added and removed, and see each change
 * once its call has returned.
 */
public interface KeywordIndex extends AutoCloseable {
  /**
   * Adds an item's text, replacing any item with the same id.
   *
   * @param id the id
   * @param text the text to index; returned on the item's hits
   * @param metadata its metadata, for filters and hits (values as {@link Metadata} describes)
   * @throws InvalidInputException for a blank id, null text or unusable metadata
   */
  void add(String id, String text, Map<String, ?> metadata);

  /**
   * Removes an item.
   *
   * @param id the id
   * @return true if it was present
   */
  boolean remove(String id);

  /**
   * Returns whether an item is present.
   *
   * @param id the id
   * @return true if present
   */
  boolean contains(String id);

  /**
   * Returns an item's metadata.
   *
   * @param id the id
   * @return its metadata, or empty when the id is absent
   */
  Optional<Map<String, Object>> metadata(String id);

  /**
   * Returns an item's text.
   *
   * @param id the id
   * @return its text, or empty when the id is absent
   */
  Optional<String> text(String id);

  /**
   * Returns the {@code k} items that match a query's words best and that a filter accepts. The query is
   * analysed as the indexed text is; any of its words may match (none is required), and operators in it
   * are plain words.
   *
   * @param query the query text
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @return the hits, best first, with their text and metadata; {@link SearchHit#distance()} is the negated score
   * @throws InvalidInputException for a null query or a k below 1
   */
  List<SearchHit> search(String query, int k, Filter filter);

  /**
   * The same, optionally without reading each hit's text, for callers that need only ids, scores and
   * metadata (hybrid search reads the text of the few fused hits from the vector index).
   *
   * @param query the query text
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @param withText whether hits carry their text; when false {@link SearchHit#text()} may be null
   * @return the hits, best first
   * @throws InvalidInputException for a null query or a k below 1
   */
  default List<SearchHit> search(String query, int k, Filter filter, boolean withText) {
    return search(query, k, filter);
  }

  /**
   * Returns how many items are present.
   *
   * @return the number of items
   */
  int size();

  /**
   * Saves the index into a folder that {@link KeywordIndexLoader#loadAny} opens again. The folder must be
   * new or empty; every file in it is on disk when this returns.
   *
   * @param folder the folder to write
   * @throws IOException if writing fails
   */
  void save(Path folder) throws IOException;

  /** Releases the index; using it afterwards throws {@link AlreadyClosedException}. */
  @Override
  void close();
}
