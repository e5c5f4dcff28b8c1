package io.embedkit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Items of one modality, embedded by one encoder and searched in one index.
 *
 * <pre>{@code
 * try (EmbeddingStore<String> store = EmbeddingStore.of(encoder, FlatIndex.create(384, Metric.COSINE))) {
 *   store.add("1", "Artificial intelligence is revolutionizing healthcare");
 *   List<SearchHit> hits = store.search("AI in medicine", 2);
 * }
 * }</pre>
 *
 * <p>The store tells its index which {@link EmbeddingSpace} the vectors come from; {@link #save} keeps the
 * index with its ids, metadata and that space, and {@link #load} refuses an encoder of another space.
 *
 * <p>With a {@link KeywordIndex} beside the vectors (text items), a search may also ask for keyword matches or
 * for both fused ({@link SearchOptions}), and reorder its first hits with a {@link Reranker}:
 *
 * <pre>{@code
 * try (EmbeddingStore<String> store = EmbeddingStore.of(encoder, FlatIndex.create(384, Metric.COSINE),
 *     LuceneKeywordIndex.create())) {
 *   store.add("1", "Aspirin reduces the risk of a heart attack");
 *   List<SearchHit> hits = store.search("heart attack", 5, SearchOptions.hybrid());
 *   store.save(Path.of("store")); // a folder: the vector index and the keyword index, replaced as a pair
 * }
 * }</pre>
 *
 * <p>Thread-safe when its encoder and index are. {@link #close()} closes both.
 *
 * @param <T> the item type
 */
public final class EmbeddingStore<T> implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddingStore.class);

  /** Whether a store accepts an encoder whose embedding space is not the index's. */
  public enum SpaceCheck {
    /** Refuse an encoder of another space (the default): its vectors cannot be compared with the index's. */
    REQUIRE_SAME,
    /**
     * Accept it, on purpose (e.g. an int8 variant querying an index its fp32 original built): only the
     * dimensions must agree; the index keeps the space it has.
     */
    ALLOW_MISMATCH
  }

  private final Encoder<T> encoder;
  private final VectorIndex index;
  private final SpaceCheck check;
  private final KeywordIndex keywords;

  private EmbeddingStore(Encoder<T> encoder, VectorIndex index, KeywordIndex keywords, SpaceCheck check) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.index = Objects.requireNonNull(index, "index");
    this.check = Objects.requireNonNull(check, "check");
    this.keywords = keywords;
    EmbeddingSpace space = encoder.space();
    if (space.dimension() != index.dimension()) {
      throw new DimensionMismatchException("encoder of space " + space + " for an index"
          + index.space().map(s -> " of space " + s).orElse(""), index.dimension(), space.dimension());
    }
    EmbeddingSpace bound = index.space().orElse(null);
    if (bound != null && !bound.isCompatibleWith(space) && check == SpaceCheck.ALLOW_MISMATCH) {
      LOG.warn("the encoder of space {} is used with an index of space {}, as allowed", space, bound);
      return;
    }
    if (bound != null) {
      bound.requireCompatible(space, "the encoder (for an index of space " + bound + ")");
    }
    index.bindSpace(space);
  }

  /**
   * Returns a store over an encoder and an index of the same dimension.
   *
   * @param encoder embeds items and queries
   * @param index holds the vectors
   * @param <T> the item type
   * @return the store
   * @throws DimensionMismatchException if the dimensions differ
   * @throws InvalidInputException if the index holds vectors of another embedding space
   */
  public static <T> EmbeddingStore<T> of(Encoder<T> encoder, VectorIndex index) {
    return new EmbeddingStore<>(encoder, index, null, SpaceCheck.REQUIRE_SAME);
  }

  /**
   * Returns a store over an encoder, a vector index and a keyword index kept in step with it: every text item
   * added goes into both, every removal out of both. Both indexes should start empty, or hold the same items.
   *
   * @param encoder embeds items and queries
   * @param index holds the vectors
   * @param keywords holds the texts for keyword search
   * @param <T> the item type; keyword search needs text items and text queries
   * @return the store
   * @throws DimensionMismatchException if the dimensions differ
   * @throws InvalidInputException if the index holds vectors of another embedding space
   */
  public static <T> EmbeddingStore<T> of(Encoder<T> encoder, VectorIndex index, KeywordIndex keywords) {
    return of(encoder, index, keywords, SpaceCheck.REQUIRE_SAME);
  }

  /**
   * The same, checking the encoder's space as asked.
   *
   * @param encoder embeds items and queries
   * @param index holds the vectors
   * @param keywords holds the texts for keyword search; null for none
   * @param check {@link SpaceCheck#ALLOW_MISMATCH} to mix spaces on purpose
   * @param <T> the item type
   * @return the store
   * @throws DimensionMismatchException if the dimensions differ
   * @throws InvalidInputException if the index holds vectors of another embedding space and that is not allowed
   */
  public static <T> EmbeddingStore<T> of(Encoder<T> encoder, VectorIndex index, KeywordIndex keywords,
      SpaceCheck check) {
    return new EmbeddingStore<>(encoder, index, keywords, check);
  }

  /**
   * Returns a store over an encoder and an index of the same dimension, checking their spaces as asked.
   *
   * @param encoder embeds items and queries
   * @param index holds the vectors
   * @param check {@link SpaceCheck#ALLOW_MISMATCH} to mix spaces on purpose
   * @param <T> the item type
   * @return the store
   * @throws DimensionMismatchException if the dimensions differ
   * @throws InvalidInputException if the index holds vectors of another embedding space and that is not allowed
   */
  public static <T> EmbeddingStore<T> of(Encoder<T> encoder, VectorIndex index, SpaceCheck check) {
    return new EmbeddingStore<>(encoder, index, null, check);
  }

  /**
   * Opens a store saved by {@link #save}, with an encoder of the space it was saved with: an index file, or
   * the folder of a store with a keyword index. The index type is
   * read from the file by the {@link IndexLoader}s on the classpath.
   *
   * @param file the saved store
   * @param encoder embeds new items and queries
   * @param <T> the item type
   * @return the store
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if the file is damaged or no module reads it
   * @throws InvalidInputException naming both spaces if the encoder's space is not the saved one; the
   *     encoder is not closed then
   */
  public static <T> EmbeddingStore<T> load(Path file, Encoder<T> encoder) throws IOException {
    return load(file, encoder, SpaceCheck.REQUIRE_SAME);
  }

  /**
   * Opens a store saved by {@link #save}, checking the encoder's space as asked.
   *
   * @param file the saved store
   * @param encoder embeds new items and queries
   * @param check {@link SpaceCheck#ALLOW_MISMATCH} to use an encoder of another space on purpose
   * @param <T> the item type
   * @return the store
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if the file is damaged or no module reads it
   * @throws InvalidInputException naming both spaces if the spaces differ and that is not allowed; the encoder
   *     is not closed then
   */
  public static <T> EmbeddingStore<T> load(Path file, Encoder<T> encoder, SpaceCheck check) throws IOException {
    Objects.requireNonNull(encoder, "encoder");
    if (StoreFolder.isStoreFolder(file)) {
      StoreFolder.Pair pair = StoreFolder.load(file);
      try {
        return new EmbeddingStore<>(encoder, pair.vectors(), pair.keywords(), check);
      } catch (RuntimeException e) {
        pair.close();
        throw e;
      }
    }
    VectorIndex index = IndexLoader.loadAny(file);
    try {
      return new EmbeddingStore<>(encoder, index, null, check);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /**
   * Saves the index with its ids, metadata and embedding space, atomically: a failure leaves any previous
   * file intact. A store with a keyword index is saved as a folder holding both indexes, replaced as a pair:
   * a crash while saving leaves the previous pair, never one new index beside one old.
   *
   * @param file the file (or, with a keyword index, the folder) to write
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    if (keywords == null) {
      index.save(file);
    } else {
      StoreFolder.save(file, index, keywords);
    }
  }

  /**
   * One item to add with its id and metadata.
   *
   * @param id the item's id
   * @param item the item
   * @param metadata its metadata, never null (values as {@link Metadata} describes)
   * @param <T> the item type
   */
  public record Entry<T>(String id, T item, Map<String, Object> metadata) {
    /** Checks the id and copies the metadata. */
    public Entry {
      Checks.id(id);
      metadata = Checks.metadata(id, metadata == null ? Map.of() : metadata);
    }

    /**
     * Returns an entry with no metadata.
     *
     * @param id the id
     * @param item the item
     * @param <T> the item type
     * @return the entry
     */
    public static <T> Entry<T> of(String id, T item) {
      return new Entry<>(id, item, Map.of());
    }

    /**
     * Returns an entry with metadata of any accepted value types.
     *
     * @param id the id
     * @param item the item
     * @param metadata its metadata
     * @param <T> the item type
     * @return the entry
     */
    public static <T> Entry<T> of(String id, T item, Map<String, ?> metadata) {
      return new Entry<>(id, item, Checks.metadata(id, metadata == null ? Map.of() : metadata));
    }
  }

  /**
   * Returns the space of the store's encoder.
   *
   * @return the embedding space
   */
  public EmbeddingSpace space() {
    return encoder.space();
  }

  /**
   * Returns the encoder.
   *
   * @return the encoder
   */
  public Encoder<T> encoder() {
    return encoder;
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
   * Returns the keyword index, when the store has one.
   *
   * @return the keyword index, or empty
   */
  public java.util.Optional<KeywordIndex> keywordIndex() {
    return java.util.Optional.ofNullable(keywords);
  }

  /**
   * Embeds an item and adds it, replacing any item with the same id.
   *
   * @param id the id
   * @param item the item
   */
  public void add(String id, T item) {
    add(id, item, Map.of());
  }

  /**
   * Embeds an item and adds it with metadata, replacing any item with the same id. A text item is stored
   * with it and returned on its hits.
   *
   * @param id the id
   * @param item the item
   * @param metadata its metadata
   */
  public void add(String id, T item, Map<String, ?> metadata) {
    addAll(List.of(Entry.of(id, item, metadata)));
  }

  /**
   * Embeds items in batches and adds them. Every entry is checked and embedded before the index
   * changes, so a bad entry leaves the store as it was.
   *
   * @param entries the items
   * @throws InvalidInputException naming the position of a null entry or item, or a repeated id
   */
  public void addAll(List<Entry<T>> entries) {
    addAll(entries, Progress.NONE);
  }

  /**
   * The same, reporting how many items are embedded as it goes (the last report comes when all are in the
   * index).
   *
   * @param entries the items
   * @param progress receives the count of items done out of {@code entries.size()}
   * @throws InvalidInputException naming the position of a null entry or item, or a repeated id
   */
  public void addAll(List<Entry<T>> entries, Progress progress) {
    Objects.requireNonNull(progress, "progress");
    List<T> items = new ArrayList<>(entries.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry<T> e = entries.get(i);
      if (e == null || e.item() == null) {
        throw new InvalidInputException("entry at position " + i + " is null or has a null item");
      }
      if (!ids.add(e.id())) {
        throw new InvalidInputException("id '" + e.id() + "' appears twice, again at position " + i);
      }
      items.add(e.item());
    }
    // one call: the encoder batches (and sorts texts by length) over all items, reporting per batch
    List<float[]> vectors = encoder.encodeAll(items, progress);
    for (int i = 0; i < entries.size(); i++) {
      Vectors.check(vectors.get(i), index.dimension(), "embedding of id '" + entries.get(i).id() + "'");
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry<T> e = entries.get(i);
      String text = e.item() instanceof String s ? s : null;
      index.add(e.id(), vectors.get(i), text, e.metadata());
      if (keywords != null) {
        if (text != null) {
          keywords.add(e.id(), text, e.metadata());
        } else {
          keywords.remove(e.id());
        }
      }
    }
    progress.update(entries.size(), entries.size());
  }

  /**
   * Removes an item.
   *
   * @param id the id
   * @return true if it was present
   */
  public boolean remove(String id) {
    boolean removed = index.remove(Checks.id(id));
    if (keywords != null) {
      removed |= keywords.remove(id);
    }
    return removed;
  }

  /**
   * Returns the {@code k} stored items most similar to a query item.
   *
   * @param query the query item
   * @param k how many hits at most
   * @return the hits, best first
   */
  public List<SearchHit> search(T query, int k) {
    return search(query, k, (Filter) null);
  }

  /**
   * Returns the {@code k} most similar stored items that a filter accepts.
   *
   * @param query the query item
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @return the hits, best first
   */
  public List<SearchHit> search(T query, int k, Filter filter) {
    Checks.k(k);
    if (query == null) {
      throw new InvalidInputException("query must not be null");
    }
    return index.search(encoder.encode(query), k, filter);
  }

  /**
   * Searches as the options say: nearest vectors, keyword matches (text queries over a store with a
   * {@link KeywordIndex}) or both fused, each filtered; then, with a reranker, the first hits reordered by it.
   *
   * @param query the query item
   * @param k how many hits at most
   * @param options the mode, filter, fusion and reranker
   * @return the hits, best first; scores are the mode's (similarity, keyword score, fused score) or, for
   *     reranked hits, the reranker's
   * @throws InvalidInputException for a null query, keyword search without a keyword index or a text query,
   *     or reranking without a text query
   */
  public List<SearchHit> search(T query, int k, SearchOptions options) {
    Checks.k(k);
    Objects.requireNonNull(options, "options");
    if (query == null) {
      throw new InvalidInputException("query must not be null");
    }
    Reranker reranker = options.reranker();
    SearchMode mode = options.mode();
    String text = mode == SearchMode.VECTOR && reranker == null ? null
        : queryText(query, reranker != null && mode == SearchMode.VECTOR ? "reranking" : mode.label() + " search");
    int gather = reranker == null ? k : Math.max(k, options.rerankTop());
    List<SearchHit> hits = switch (mode) {
      case VECTOR -> index.search(encoder.encode(query), gather, options.filter());
      case KEYWORD -> withText(keywords(mode).search(text, gather, options.filter(), false));
      case HYBRID -> {
        KeywordIndex kw = keywords(mode);
        int deep = (int) Math.min(Integer.MAX_VALUE, (long) gather * options.depth());
        List<SearchHit> byVector = index.search(encoder.encode(query), deep, options.filter());
        List<SearchHit> byKeyword = kw.search(text, deep, options.filter(), false);
        yield withText(options.fusion().fuse(List.of(byVector, byKeyword), gather));
      }
    };
    if (reranker != null && !hits.isEmpty()) {
      int top = Math.min(options.rerankTop(), hits.size());
      List<SearchHit> reranked = new ArrayList<>(reranker.rerank(text, hits.subList(0, top)));
      reranked.addAll(hits.subList(top, hits.size()));
      hits = reranked;
    }
    return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
  }

  /**
   * Fills in the text of keyword hits from the vector index, which holds it in memory (a keyword index reads
   * it from compressed stored fields), else from the keyword index.
   */
  private List<SearchHit> withText(List<SearchHit> hits) {
    List<SearchHit> out = new ArrayList<>(hits.size());
    for (SearchHit h : hits) {
      out.add(h.text() != null ? h : new SearchHit(h.id(), h.score(), h.distance(), h.metadata(),
          index.text(h.id()).or(() -> keywords.text(h.id())).orElse(null)));
    }
    return out;
  }

  private KeywordIndex keywords(SearchMode mode) {
    if (keywords == null) {
      throw new InvalidInputException(mode.label() + " search needs a keyword index: make the store with"
          + " EmbeddingStore.of(encoder, index, keywordIndex)");
    }
    return keywords;
  }

  private static String queryText(Object query, String what) {
    if (query instanceof String s) {
      return s;
    }
    throw new InvalidInputException(what + " needs a text query, not a " + query.getClass().getSimpleName());
  }

  /**
   * Searches with a query of another modality, embedded by an encoder of the same space (e.g. CLIP text
   * queries over images).
   *
   * @param queryEncoder embeds the query; its space must be compatible with the store's (unless the store was
   *     made with {@link SpaceCheck#ALLOW_MISMATCH}, when only its dimension must agree)
   * @param query the query item
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @param <Q> the query's type
   * @return the hits, best first
   * @throws InvalidInputException naming both spaces when they differ
   */
  public <Q> List<SearchHit> search(Encoder<Q> queryEncoder, Q query, int k, Filter filter) {
    Objects.requireNonNull(queryEncoder, "queryEncoder");
    if (check == SpaceCheck.REQUIRE_SAME) {
      space().requireCompatible(queryEncoder.space(), "query encoder");
    } else if (queryEncoder.space().dimension() != index.dimension()) {
      throw new DimensionMismatchException("query encoder of space " + queryEncoder.space(), index.dimension(),
          queryEncoder.space().dimension());
    }
    Checks.k(k);
    if (query == null) {
      throw new InvalidInputException("query must not be null");
    }
    return index.search(queryEncoder.encode(query), k, filter);
  }

  /**
   * Searches with a query file, embedded by this store's encoder with its own decoder (image and audio
   * encoders read files exactly as the Python references decode them).
   *
   * @param file the query file
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @return the hits, best first
   * @throws InvalidInputException if the encoder reads no files, or the file cannot be decoded
   */
  public List<SearchHit> searchFile(java.nio.file.Path file, int k, Filter filter) {
    Checks.k(k);
    if (!(encoder instanceof FileEncoder files)) {
      throw new InvalidInputException("the encoder of space " + space() + " reads no files; search with an item");
    }
    return index.search(files.encodeFile(Objects.requireNonNull(file, "file")), k, filter);
  }

  /**
   * Returns how many items are stored.
   *
   * @return the number of items
   */
  public int size() {
    return index.size();
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      try {
        index.close();
      } finally {
        if (keywords != null) {
          keywords.close();
        }
      }
    }
  }
}
