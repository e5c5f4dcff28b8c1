package io.embedkit.index.hnsw;

import io.embedkit.core.Checks;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.Progress;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.Vectors;
import io.embedkit.index.store.IndexFiles;
import io.embedkit.index.store.Payload;
import io.embedkit.index.store.SpaceBinding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;

/**
 * An approximate nearest-neighbour index: a hierarchical navigable small world graph (Malkov and Yashunin,
 * 2018) over vectors kept in contiguous slabs.
 *
 * <pre>{@code
 * HnswIndex index = HnswIndex.create(HnswConfig.of(384, Metric.COSINE));
 * index.add("doc-1", vector, Map.of("lang", "en"));
 * List<SearchHit> hits = index.search(query, 10, Filter.metadataEquals("lang", "en"));
 * }</pre>
 *
 * <p>Thread-safe: adds, removes and searches run concurrently from many threads. A removed item is never
 * returned once {@link #remove} has returned; the graph around it is repaired at once and its space is
 * reclaimed by {@link #compact()}. A filter is applied during the graph walk; when it admits under 5% of
 * the items the search is exact over the admitted ones instead.
 */
public final class HnswIndex implements VectorIndex {
  /** The format name in saved files. */
  public static final String FORMAT = "embedkit-hnsw";

  /** The newest format version this class writes and reads. */
  public static final int VERSION = 5; // 2: the space after the body; 3: its fingerprint; 4: text, typed metadata;
  // 5: quantization

  /**
   * The system property that chooses which graphs keep their bottom layer packed, in about 40% of the memory
   * and at a few percent of the search speed, after {@link #load} and {@link #compact}: unset, quantized ones
   * (the modes chosen to hold more vectors per machine); {@code true}, all; {@code false}, none. Packed lists
   * return to the writable form, 4,096 nodes at a time, where adds and removes change them.
   */
  public static final String PACK_LINKS_PROPERTY = "embedkit.hnsw.packLinks";

  /** Vectors copied at a time while compacting. */
  private static final int COMPACT_PART = 1 << 16;

  /** Quantized indexes re-learn their codes as they double in size until they hold this many vectors. */
  static final int RETRAIN_LIMIT = 1 << 18;

  /** Below this estimated share of admitted items, a filtered search is exact. */
  static final double EXACT_FILTER_FRACTION = 0.05;

  private final HnswConfig config;
  final FullVectors store;
  final HnswGraph graph;
  final IdMap ids = new IdMap();
  final AtomicInteger next = new AtomicInteger();
  private final Scorer scorer;
  private final Scorer exactScorer;
  final QuantizedScorer codes; // null without quantization
  private final HnswBuilder builder;
  private final ThreadLocal<HnswBuilder.Worker> workers;
  private final ThreadLocal<HnswSearcher> searchers; // on the codes, where the graph is built on the floats
  // the structural lock: ordinary operations share it, compact/save/load take it alone
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  private final Object growLock = new Object();
  private volatile int capacity;
  private final SpaceBinding space;
  private final IntPredicate live = ord -> !ids.isRemoved(ord);

  private final int trainSize;
  private volatile int trainAt; // the size at which the codes are learned next

  private HnswIndex(HnswConfig config, int trainSize) {
    this.config = config;
    this.trainSize = trainSize;
    this.trainAt = trainSize;
    this.space = new SpaceBinding(config.dimension());
    this.graph = new HnswGraph(config.maxLinks(0));
    if (config.quantization() == HnswQuantization.NONE) {
      VectorStore floats = new VectorStore(config.dimension());
      this.store = floats;
      this.scorer = new FloatScorer(floats, config.metric());
      this.exactScorer = scorer;
      this.codes = null;
    } else {
      this.store = new MappedVectors(config.dimension());
      CopyingScorer exact = new CopyingScorer(store, config.metric());
      this.exactScorer = exact;
      this.codes = config.quantization() == HnswQuantization.INT8 ? new Int8Scorer(store, config.metric(), exact)
          : new BinaryScorer(store, config.metric(), exact, config.seed());
      this.scorer = codes;
    }
    Scorer buildScorer = codes == null ? scorer : codes.buildScorer();
    this.builder = new HnswBuilder(config, graph, store, buildScorer, live);
    this.workers = ThreadLocal.withInitial(builder::newWorker);
    this.searchers = buildScorer == scorer ? null : ThreadLocal.withInitial(() -> new HnswSearcher(graph, scorer));
  }

  /**
   * Returns a new, empty index.
   *
   * @param config dimension, metric and graph parameters
   * @return the index
   */
  public static HnswIndex create(HnswConfig config) {
    return new HnswIndex(config, Int8Scorer.TRAIN_SIZE);
  }

  /** An index whose codes are learned once it holds {@code trainSize} vectors (tests use small ones). */
  static HnswIndex create(HnswConfig config, int trainSize) {
    return new HnswIndex(config, trainSize);
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration
   */
  public HnswConfig config() {
    return config;
  }

  @Override
  public int dimension() {
    return config.dimension();
  }

  @Override
  public Metric metric() {
    return config.metric();
  }

  void ensureCapacity(int ords) {
    if (ords <= capacity) {
      return;
    }
    synchronized (growLock) {
      if (ords <= capacity) {
        return;
      }
      int chunks = Chunks.count(ords); // exact: a slab is allocated only when an ordinal needs it
      store.grow(chunks);
      if (codes != null) {
        codes.grow(chunks);
      }
      graph.grow(chunks);
      ids.grow(chunks);
      capacity = chunks * Chunks.SIZE;
    }
  }

  @Override
  public void add(String id, float[] vector, String text, Map<String, ?> meta) {
    Checks.id(id);
    Vectors.check(vector, config.dimension(), "vector for id '" + id + "'");
    Payload m = Payload.of(id, text, meta);
    float[] v = config.metric() == Metric.COSINE ? Vectors.normalized(vector) : vector;
    trainIfDue(List.of(v));
    structure.readLock().lock();
    try {
      insert(id, v, m);
    } finally {
      structure.readLock().unlock();
    }
  }

  private void insert(String id, float[] v, Payload m) {
    int ord = next.getAndIncrement();
    if (ord < 0) {
      throw new IllegalStateException("the index is full");
    }
    ensureCapacity(ord + 1);
    store.set(ord, v);
    if (codes != null) {
      codes.encode(ord, v);
    }
    ids.set(ord, id, m);
    HnswBuilder.Worker w = workers.get();
    builder.insert(w, ord, capacity);
    Integer previous = ids.publish(id, ord);
    if (previous != null) {
      retire(w, previous);
    }
  }

  private void retire(HnswBuilder.Worker w, int ord) {
    builder.remove(w, ord, () -> ids.tombstone(ord));
  }

  /**
   * Adds many items using several threads; equivalent to calling {@link #add} for each.
   *
   * @param itemIds the ids
   * @param vectors the vectors, one per id
   * @param meta metadata per id, or null for none
   * @param threads how many threads insert
   */
  public void addAll(List<String> itemIds, List<float[]> vectors, List<? extends Map<String, ?>> meta,
      int threads) {
    addAll(itemIds, vectors, null, meta, threads, Progress.NONE);
  }

  /**
   * Adds many items using several threads, reporting progress; equivalent to calling {@link #add} for each.
   *
   * @param itemIds the ids
   * @param vectors the vectors, one per id
   * @param meta metadata per id, or null for none
   * @param threads how many threads insert
   * @param progress told (items added, items in all) as batches of inserts finish
   */
  public void addAll(List<String> itemIds, List<float[]> vectors, List<? extends Map<String, ?>> meta, int threads,
      Progress progress) {
    addAll(itemIds, vectors, null, meta, threads, progress);
  }

  /**
   * Adds many items with their texts using several threads, reporting progress; equivalent to calling
   * {@link #add(String, float[], String, Map)} for each.
   *
   * @param itemIds the ids
   * @param vectors the vectors, one per id
   * @param texts the text per id (null entries for none), or null for none
   * @param meta metadata per id, or null for none
   * @param threads how many threads insert
   * @param progress told (items added, items in all) as batches of inserts finish
   */
  public void addAll(List<String> itemIds, List<float[]> vectors, List<String> texts,
      List<? extends Map<String, ?>> meta, int threads, Progress progress) {
    if (itemIds.size() != vectors.size() || (meta != null && meta.size() != itemIds.size())
        || (texts != null && texts.size() != itemIds.size())) {
      throw new InvalidInputException("addAll needs as many vectors, texts and metadata as ids: " + itemIds.size()
          + " ids, " + vectors.size() + " vectors" + (texts == null ? "" : ", " + texts.size() + " texts")
          + (meta == null ? "" : ", " + meta.size() + " metadata"));
    }
    List<float[]> prepared = new ArrayList<>(itemIds.size());
    List<Payload> metas = new ArrayList<>(itemIds.size());
    for (int i = 0; i < itemIds.size(); i++) {
      String id = Checks.id(itemIds.get(i));
      Vectors.check(vectors.get(i), config.dimension(), "vector for id '" + id + "'");
      prepared.add(config.metric() == Metric.COSINE ? Vectors.normalized(vectors.get(i)) : vectors.get(i));
      metas.add(Payload.of(id, texts == null ? null : texts.get(i), meta == null ? Map.of() : meta.get(i)));
    }
    addPrepared(itemIds, prepared, metas, threads, progress);
  }

  private void addPrepared(List<String> itemIds, List<float[]> prepared, List<Payload> metas, int threads,
      Progress progress) {
    trainIfDue(prepared);
    structure.readLock().lock();
    try {
      ParallelInserts.run(itemIds.size(), threads, i -> insert(itemIds.get(i), prepared.get(i), metas.get(i)),
          progress);
    } finally {
      structure.readLock().unlock();
    }
  }

  /**
   * Learns the codes once the index and the vectors about to be added reach {@link Int8Scorer#TRAIN_SIZE}
   * (or the index's own threshold), from the stored vectors and the new ones, and encodes the stored ones;
   * again each time the index has doubled, up to {@link #RETRAIN_LIMIT}, and whenever the vectors arriving
   * fall far outside the learned ranges (data that drifts, e.g. arriving in sorted order, would otherwise be
   * clipped to the first ranges). {@link #compact} learns them afresh.
   */
  private void trainIfDue(List<float[]> adding) {
    if (codes == null || (next.get() + adding.size() < trainAt && !codes.drifted())) {
      return;
    }
    structure.writeLock().lock();
    try {
      if (next.get() + adding.size() < trainAt && !codes.drifted()) {
        return;
      }
      int n = next.get();
      int want = 32_768; // a sample of at most this many, spread over the stored and the new vectors
      int total = n + adding.size();
      double stride = Math.max(1.0, (double) total / want);
      List<float[]> sample = new ArrayList<>();
      for (double x = 0; x < total; x += stride) {
        int i = (int) x;
        sample.add(i < n ? store.get(i) : adding.get(i - n));
      }
      codes.train(sample, n);
      trainAt = Math.max(trainAt, total >= RETRAIN_LIMIT ? Integer.MAX_VALUE : 2 * total);
    } finally {
      structure.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(String id) {
    Checks.id(id);
    structure.readLock().lock();
    try {
      Integer ord = ids.unpublish(id);
      if (ord == null) {
        return false;
      }
      retire(workers.get(), ord);
      return true;
    } finally {
      structure.readLock().unlock();
    }
  }

  @Override
  public boolean contains(String id) {
    return ids.ordinal(id) != null;
  }

  @Override
  public Optional<Map<String, Object>> metadata(String id) {
    Integer ord = ids.ordinal(id);
    return ord == null ? Optional.empty() : Optional.of(ids.metaOf(ord));
  }

  @Override
  public Optional<String> text(String id) {
    Integer ord = ids.ordinal(id);
    return ord == null ? Optional.empty() : Optional.ofNullable(ids.payloadOf(ord).text());
  }

  /**
   * Returns a copy of an item's stored vector (normalised for {@link Metric#COSINE}).
   *
   * @param id the id
   * @return the vector, or empty if absent
   */
  @Override
  public Optional<float[]> vector(String id) {
    Integer ord = ids.ordinal(id);
    return ord == null ? Optional.empty() : Optional.of(store.get(ord));
  }

  @Override
  public List<String> ids(Filter filter) {
    structure.readLock().lock();
    try {
      List<String> out = new ArrayList<>();
      for (int ord = 0, n = next.get(); ord < n; ord++) {
        if (ids.live(ord) && (filter == null || filter.accept(ids.idOf(ord), ids.metaOf(ord)))) {
          out.add(ids.idOf(ord));
        }
      }
      return out;
    } finally {
      structure.readLock().unlock();
    }
  }

  @Override
  public List<SearchHit> search(float[] query, int k, Filter filter) {
    return search(query, k, filter, config.efSearch());
  }

  /**
   * Returns the {@code k} most similar items a filter accepts, with a chosen search width.
   *
   * @param query the query
   * @param k how many hits at most
   * @param filter which items may be returned; null accepts all
   * @param efSearch candidates considered; raised to {@code k} if smaller
   * @return the hits, best first
   */
  public List<SearchHit> search(float[] query, int k, Filter filter, int efSearch) {
    Checks.k(k);
    Vectors.check(query, config.dimension(), "query");
    if (efSearch <= 0) {
      throw new InvalidInputException("efSearch must be positive, was " + efSearch);
    }
    float[] q = config.metric() == Metric.COSINE ? Vectors.normalized(query) : query;
    structure.readLock().lock();
    try {
      if (ids.isEmpty()) {
        throw new EmptyIndexException();
      }
      int limit = next.get();
      if (filter != null && ExactFallback.admittedFraction(ids, filter, limit) < EXACT_FILTER_FRACTION) {
        return exact(q, k, filter, limit);
      }
      // without removals every node may be a result: the walk then skips the per-node check
      IntPredicate accept = filter == null ? (ids.removedCount() == 0 ? null : live)
          : ord -> !ids.isRemoved(ord) && filter.accept(ids.idOf(ord), ids.metaOf(ord));
      boolean rescore = codes != null && codes.trained();
      int candidates = rescore ? k * config.rescoreFactor() : k;
      int beam = Math.max(efSearch, k);
      if (rescore && config.quantization() == HnswQuantization.BINARY) {
        // sign codes rank too coarsely to pick the best of a beam: gather k × oversample at least, rescore all
        beam = Math.max(beam, candidates);
        candidates = beam;
      }
      // INT8: efSearch stays the beam width; a narrow search rescores what it found, a wide one its best
      HnswSearcher searcher = searchers == null ? workers.get().searcher : searchers.get();
      LongHeap found = searcher.search(scorer.prepare(q), graph.entry(), beam, accept, capacity);
      int[] nodes = new int[found.size()];
      float[] scores = new float[found.size()];
      int n = HnswSearcher.drainBestFirst(found, nodes, scores);
      if (rescore) {
        n = rescore(q, nodes, scores, n, candidates);
      }
      List<SearchHit> hits = new ArrayList<>(Math.min(k, n));
      for (int i = 0; i < n && hits.size() < k; i++) {
        if (ids.current(nodes[i])) {
          hits.add(hit(nodes[i], scores[i]));
        }
      }
      return hits;
    } finally {
      structure.readLock().unlock();
    }
  }

  /**
   * Rescores the best {@code candidates} nodes (more when the next ones tie with the last on their codes) with
   * the full-precision vectors; leaves them best first at the front of the arrays and returns how many. (A node
   * an upsert replaced may be among them until it is retired; the caller skips it.)
   */
  private int rescore(float[] q, int[] nodes, float[] scores, int n, int candidates) {
    int m = Math.min(n, candidates);
    while (m < n && scores[m] == scores[m - 1]) {
      m++;
    }
    float[] exact = new float[m];
    exactScorer.scoreAll(q, nodes, m, exact);
    long[] packed = new long[m];
    for (int i = 0; i < m; i++) {
      packed[i] = LongHeap.packWorstFirst(exact[i], nodes[i]);
    }
    Arrays.sort(packed, 0, m); // ascending: worst first
    for (int i = 0; i < m; i++) {
      long p = packed[m - 1 - i];
      nodes[i] = LongHeap.nodeOfWorstFirst(p);
      scores[i] = LongHeap.score(p, false);
    }
    return m;
  }

  private SearchHit hit(int ord, float internal) {
    float score = config.metric().rankingToScore(internal);
    Payload p = ids.payloadOf(ord);
    return new SearchHit(ids.idOf(ord), score, config.metric().scoreToDistance(score), p.metadata(), p.text());
  }

  private List<SearchHit> exact(float[] q, int k, Filter filter, int limit) {
    LongHeap top = ExactFallback.topK(ids, exactScorer, q, k, filter, limit);
    int[] nodes = new int[top.size()];
    float[] scores = new float[top.size()];
    int n = HnswSearcher.drainBestFirst(top, nodes, scores);
    List<SearchHit> hits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      hits.add(hit(nodes[i], scores[i]));
    }
    return hits;
  }

  @Override
  public int size() {
    return ids.size();
  }

  /**
   * Returns how many removed items still take space until {@link #compact()}.
   *
   * @return the count
   */
  public int removedCount() {
    return ids.removedCount();
  }

  /**
   * Rebuilds the graph from the live items only, reclaiming the space of removed and replaced ones, and lays
   * the items out so that neighbours sit near each other in memory; packs the graph as {@link #load} does (see
   * {@link #PACK_LINKS_PROPERTY}). Blocks other operations while it runs.
   *
   * @param threads how many threads rebuild
   */
  public void compact(int threads) {
    structure.writeLock().lock();
    try {
      HnswIndex fresh = new HnswIndex(config, trainSize);
      // inserted in breadth-first order of the old graph, so nodes near each other get nearby ordinals
      List<Integer> live = new ArrayList<>();
      for (int ord : graph.breadthFirstOrder(next.get())) {
        if (ids.live(ord)) {
          live.add(ord);
        }
      }
      if (codes != null && live.size() >= trainSize) { // codes learned afresh from all the live vectors
        double stride = Math.max(1.0, live.size() / 32_768.0);
        List<float[]> sample = new ArrayList<>();
        for (double x = 0; x < live.size(); x += stride) {
          sample.add(store.get(live.get((int) x)));
        }
        fresh.codes.train(sample, 0);
        fresh.trainAt = live.size() >= RETRAIN_LIMIT ? Integer.MAX_VALUE : 2 * live.size();
      }
      // in parts, so the heap never holds a copy of every vector
      for (int from = 0; from < live.size(); from += COMPACT_PART) {
        List<Integer> part = live.subList(from, Math.min(live.size(), from + COMPACT_PART));
        List<String> partIds = new ArrayList<>(part.size());
        List<float[]> vectors = new ArrayList<>(part.size());
        List<Payload> metas = new ArrayList<>(part.size());
        for (int ord : part) {
          partIds.add(ids.idOf(ord));
          vectors.add(store.get(ord));
          metas.add(ids.payloadOf(ord));
        }
        fresh.addPrepared(partIds, vectors, metas, threads, Progress.NONE);
      }
      if (packsLinks(config.quantization())) {
        fresh.graph.pack();
      }
      adopt(fresh);
    } finally {
      structure.writeLock().unlock();
    }
  }

  /** Rebuilds single-threaded; see {@link #compact(int)}. */
  public void compact() {
    compact(1);
  }

  private void adopt(HnswIndex other) {
    // the fresh index shares nothing with this one; take over its state wholesale
    this.ids.replaceWith(other.ids);
    this.next.set(other.next.get());
    this.store.replaceWith(other.store);
    if (codes != null) {
      codes.replaceWith(other.codes);
    }
    this.graph.replaceWith(other.graph);
    this.capacity = other.capacity;
    this.trainAt = other.trainAt;
  }

  /**
   * Returns an estimate of the heap memory the index holds, in bytes: vectors, graph, ids and metadata.
   *
   * @return bytes used
   */
  public long ramBytesUsed() {
    return vectorAndGraphBytes() + ids.ramBytesUsed(next.get());
  }

  /**
   * Returns the heap bytes of the vectors and the graph alone.
   *
   * @return bytes used
   */
  public long vectorAndGraphBytes() {
    return store.ramBytesUsed() + (codes == null ? 0 : codes.ramBytesUsed()) + graph.ramBytesUsed(next.get());
  }

  /**
   * Returns the bytes of full-precision vectors held off the heap, in a memory-mapped temporary file: with
   * quantization, the vectors that rescore candidates; 0 without.
   *
   * @return bytes mapped
   */
  public long offHeapBytes() {
    return store.offHeapBytes();
  }

  @Override
  public Optional<EmbeddingSpace> space() {
    return space.get();
  }

  @Override
  public void bindSpace(EmbeddingSpace s) {
    space.bind(s);
  }

  @Override
  public void save(Path path) throws IOException {
    structure.writeLock().lock();
    try {
      IndexFiles.write(path, FORMAT, VERSION, out -> HnswCodec.write(this, out));
    } finally {
      structure.writeLock().unlock();
    }
  }

  /**
   * Loads an index saved by {@link #save}. A quantized index keeps the lists of its graph's bottom layer packed
   * until writes change them (see {@link #PACK_LINKS_PROPERTY}).
   *
   * @param path the file
   * @return the index, complete
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is truncated, altered, foreign or too new
   */
  public static HnswIndex load(Path path) throws IOException {
    return IndexFiles.read(path, FORMAT, VERSION, HnswCodec::read);
  }

  /** Whether graphs of this quantization are packed after loading and compaction; see {@link #PACK_LINKS_PROPERTY}. */
  static boolean packsLinks(HnswQuantization quantization) {
    String choice = System.getProperty(PACK_LINKS_PROPERTY);
    return choice == null || choice.isBlank() ? quantization != HnswQuantization.NONE : Boolean.parseBoolean(choice);
  }

  /** After loading: codes are learned next when the index has doubled (or reaches the threshold). */
  void loaded(int n) {
    trainAt = codes == null || !codes.trained() ? trainSize : n >= RETRAIN_LIMIT ? Integer.MAX_VALUE : 2 * n;
  }

  SpaceBinding spaceBinding() {
    return space;
  }

  /** Describes a node's links, for test failure messages; scans the whole graph. */
  String diagnose(String id) {
    int ord = ids.ordinal(id);
    int[] nb = graph.neighbors(ord, 0);
    int liveNb = 0;
    for (int x : nb) {
      if (!ids.isRemoved(x)) {
        liveNb++;
      }
    }
    int inLinks = 0;
    int liveIn = 0;
    for (int o = 0; o < next.get(); o++) {
      for (int x : graph.neighbors(o, 0)) {
        if (x == ord) {
          inLinks++;
          if (!ids.isRemoved(o)) {
            liveIn++;
          }
        }
      }
    }
    return "ord " + ord + " level " + graph.level(ord) + " out " + nb.length + " (live " + liveNb + ") in "
        + inLinks + " (live " + liveIn + ") counted " + graph.inDegree(ord);
  }

  /** Releases the off-heap vectors of a quantized index; a float index holds nothing but heap. */
  @Override
  public void close() {
    store.close();
  }
}
