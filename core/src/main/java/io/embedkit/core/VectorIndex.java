package io.embedkit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A searchable set of vectors of one dimension, each under a unique string id with optional metadata.
 * Adding an existing id replaces its vector and metadata (upsert). Implementations are thread-safe.
 *
 * <p>Every mutating method validates its whole input before changing anything: a rejected call leaves
 * the index as it was.
 */
public interface VectorIndex extends AutoCloseable {
  /**
   * Returns the dimension every vector must have.
   *
   * @return the dimension
   */
  int dimension();

  /**
   * Returns the metric searches rank by.
   *
   * @return the metric
   */
  Metric metric();

  /**
   * Adds or replaces a vector with no metadata.
   *
   * @param id a non-blank id
   * @param vector a finite vector of {@link #dimension()} components; it is copied
   * @throws InvalidInputException for a null or blank id or a non-finite component
   * @throws DimensionMismatchException if the vector has another dimension
   */
  default void add(String id, float[] vector) {
    add(id, vector, null, Map.of());
  }

  /**
   * Adds or replaces a vector with metadata.
   *
   * @param id a non-blank id
   * @param vector a finite vector of {@link #dimension()} components; it is copied
   * @param metadata key/value pairs stored with the vector and returned with hits (values as {@link Metadata}
   *     describes); copied
   * @throws InvalidInputException for a null or blank id, a non-finite component or unusable metadata
   * @throws DimensionMismatchException if the vector has another dimension
   */
  default void add(String id, float[] vector, Map<String, ?> metadata) {
    add(id, vector, null, metadata);
  }

  /**
   * Adds or replaces a vector with the text it was made from and metadata.
   *
   * @param id a non-blank id
   * @param vector a finite vector of {@link #dimension()} components; it is copied
   * @param text the item's text, returned with hits; null for none
   * @param metadata key/value pairs stored with the vector and returned with hits (values as {@link Metadata}
   *     describes); copied
   * @throws InvalidInputException for a null or blank id, a non-finite component or unusable metadata
   * @throws DimensionMismatchException if the vector has another dimension
   */
  void add(String id, float[] vector, String text, Map<String, ?> metadata);

  /**
   * Removes an item; searches stop returning it at once.
   *
   * @param id the id
   * @return true if the item was present
   */
  boolean remove(String id);

  /**
   * Returns whether an id is present.
   *
   * @param id the id
   * @return true if present
   */
  boolean contains(String id);

  /**
   * Returns the metadata stored with an id.
   *
   * @param id the id
   * @return the metadata, or empty if the id is absent
   */
  Optional<Map<String, Object>> metadata(String id);

  /**
   * Returns the text stored with an id.
   *
   * @param id the id
   * @return the text, or empty if the id is absent or has no text
   */
  Optional<String> text(String id);

  /**
   * Returns the vector stored under an id, as it was added (for cosine indexes that keep unit vectors: the
   * unit vector).
   *
   * @param id the id
   * @return a copy of the vector, or empty if the id is absent
   */
  Optional<float[]> vector(String id);

  /**
   * Returns the ids of the items a filter accepts, in no particular order.
   *
   * @param filter which items; null for all
   * @return the ids
   */
  List<String> ids(Filter filter);

  /**
   * Returns the {@code k} items most similar to {@code query}, best first.
   *
   * @param query a finite vector of {@link #dimension()} components
   * @param k how many hits at most, positive
   * @return at most {@code k} hits, best first
   * @throws EmptyIndexException if the index holds nothing
   * @throws InvalidInputException if {@code k <= 0} or the query is not finite
   */
  default List<SearchHit> search(float[] query, int k) {
    return search(query, k, null);
  }

  /**
   * Returns the {@code k} most similar items that {@code filter} accepts, best first.
   *
   * @param query a finite vector of {@link #dimension()} components
   * @param k how many hits at most, positive
   * @param filter which items may be returned; null accepts all
   * @return at most {@code k} accepted hits, best first
   * @throws EmptyIndexException if the index holds nothing
   * @throws InvalidInputException if {@code k <= 0} or the query is not finite
   */
  List<SearchHit> search(float[] query, int k, Filter filter);

  /**
   * Returns the embedding space the stored vectors come from, when it was {@linkplain #bindSpace bound}.
   * Indexes that persist it return it again after loading.
   *
   * @return the space, or empty when unknown
   */
  default Optional<EmbeddingSpace> space() {
    return Optional.empty();
  }

  /**
   * Records which embedding space the stored vectors come from, so that a later search with vectors of
   * another space can be refused. Binding is once: binding a compatible space again does nothing. The
   * default keeps nothing (the index cannot check).
   *
   * @param space the space of the vectors added
   * @throws InvalidInputException if the dimension differs or an incompatible space is already bound
   */
  default void bindSpace(EmbeddingSpace space) {
    if (space.dimension() != dimension()) {
      throw new DimensionMismatchException("space " + space, dimension(), space.dimension());
    }
  }

  /**
   * Returns how many items are present.
   *
   * @return the number of items
   */
  int size();

  /**
   * Writes the index to a file atomically: a failure leaves any previous file at {@code path} intact.
   *
   * @param path the file to write
   * @throws IOException if writing fails
   */
  void save(Path path) throws IOException;

  /** Releases resources; calling it again does nothing. */
  @Override
  void close();
}
