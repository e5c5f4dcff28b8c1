package io.embedkit.index.hnsw;

import io.embedkit.core.Checks;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.Vectors;
import io.embedkit.index.store.IndexFiles;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import io.embedkit.index.store.SpaceBinding;
import io.embedkit.index.vector.RankingScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  public static final int VERSION = 2; // 2: the embedding space after the body

  /** Below this estimated share of admitted items, a filtered search is exact. */
  static final double EXACT_FILTER_FRACTION = 0.05;

  private static final int FILTER_SAMPLE = 512;

  private final HnswConfig config;
  private final VectorStore store;
  private final HnswGraph graph;
  private final Scorer scorer;
  private final HnswBuilder builder;
  private final ThreadLocal<HnswBuilder.Worker> workers;
  private final ConcurrentHashMap<String, Integer> ordinals = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger removedCount = new AtomicInteger();
  // the structural lock: ordinary operations share it, compact/save/load take it alone
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  private final Object growLock = new Object();
  private volatile int capacity;
  private volatile String[][] ids = new String[0][];
  private volatile Map<String, String>[][] metadata = newMetaChunks(0);
  private volatile byte[][] removed = new byte[0][];
  private final SpaceBinding space;

  private HnswIndex(HnswConfig config) {
    this.config = config;
    this.space = new SpaceBinding(config.dimension());
    this.store = new VectorStore(config.dimension());
    this.graph = new HnswGraph();
    this.scorer = new Scorer(store, config.metric());
    this.builder = new HnswBuilder(config, graph, store, scorer, ord -> !isRemoved(ord));
    this.workers = ThreadLocal.withInitial(builder::newWorker);
  }

  /**
   * Returns a new, empty index.
   *
   * @param config dimension, metric and graph parameters
   * @return the index
   */
  public static HnswIndex create(HnswConfig config) {
    return new HnswIndex(config);
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

  @SuppressWarnings("unchecked")
  private static Map<String, String>[][] newMetaChunks(int n) {
    return (Map<String, String>[][]) new Map[n][];
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String>[] newMetaChunk() {
    return (Map<String, String>[]) new Map[Chunks.SIZE];
  }

  private void ensureCapacity(int ords) {
    if (ords <= capacity) {
      return;
    }
    synchronized (growLock) {
      if (ords <= capacity) {
        return;
      }
      int chunks = Chunks.count(ords); // exact: a slab is allocated only when an ordinal needs it
      store.grow(chunks);
      graph.grow(chunks);
      String[][] i = Arrays.copyOf(ids, chunks);
      Map<String, String>[][] m = Arrays.copyOf(metadata, chunks);
      byte[][] r = Arrays.copyOf(removed, chunks);
      for (int c = ids.length; c < chunks; c++) {
        i[c] = new String[Chunks.SIZE];
        m[c] = newMetaChunk();
        r[c] = new byte[Chunks.SIZE];
      }
      ids = i;
      metadata = m;
      removed = r;
      capacity = chunks * Chunks.SIZE;
    }
  }

  private String idOf(int ord) {
    return ids[Chunks.chunk(ord)][Chunks.slot(ord)];
  }

  private Map<String, String> metaOf(int ord) {
    Map<String, String> m = metadata[Chunks.chunk(ord)][Chunks.slot(ord)];
    return m == null ? Map.of() : m;
  }

  private boolean isRemoved(int ord) {
    return removed[Chunks.chunk(ord)][Chunks.slot(ord)] != 0;
  }

  private final IntPredicate live = ord -> !isRemoved(ord);

  /**
   * True when {@code ord} is the current ordinal of its id: not removed, not replaced. Asked of final results
   * only; the graph walk reads the cheaper removed flags, which a concurrent remove may not have set yet.
   */
  private boolean current(int ord) {
    String id = idOf(ord);
    if (id == null) {
      return false;
    }
    Integer cur = ordinals.get(id);
    return cur != null && cur == ord;
  }

  @Override
  public void add(String id, float[] vector, Map<String, String> meta) {
    Checks.id(id);
    Vectors.check(vector, config.dimension(), "vector for id '" + id + "'");
    Map<String, String> m = Checks.metadata(id, meta);
    float[] v = config.metric() == Metric.COSINE ? Vectors.normalized(vector) : vector;
    structure.readLock().lock();
    try {
      insert(id, v, m);
    } finally {
      structure.readLock().unlock();
    }
  }

  private void insert(String id, float[] v, Map<String, String> m) {
    int ord = next.getAndIncrement();
    if (ord < 0) {
      throw new IllegalStateException("the index is full");
    }
    ensureCapacity(ord + 1);
    store.set(ord, v);
    ids[Chunks.chunk(ord)][Chunks.slot(ord)] = id;
    metadata[Chunks.chunk(ord)][Chunks.slot(ord)] = m.isEmpty() ? null : m;
    HnswBuilder.Worker w = workers.get();
    builder.insert(w, ord, capacity);
    Integer previous = ordinals.put(id, ord);
    if (previous != null) {
      retire(w, previous);
    }
  }

  private void retire(HnswBuilder.Worker w, int ord) {
    builder.remove(w, ord, () -> removed[Chunks.chunk(ord)][Chunks.slot(ord)] = 1);
    removedCount.incrementAndGet();
  }

  /**
   * Adds many items using several threads; equivalent to calling {@link #add} for each.
   *
   * @param ids the ids
   * @param vectors the vectors, one per id
   * @param meta metadata per id, or null for none
   * @param threads how many threads insert
   */
  public void addAll(List<String> ids, List<float[]> vectors, List<Map<String, String>> meta, int threads) {
    if (ids.size() != vectors.size() || (meta != null && meta.size() != ids.size())) {
      throw new InvalidInputException("addAll needs as many vectors and metadata as ids: " + ids.size() + " ids, "
          + vectors.size() + " vectors" + (meta == null ? "" : ", " + meta.size() + " metadata"));
    }
    List<float[]> prepared = new ArrayList<>(ids.size());
    List<Map<String, String>> metas = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = Checks.id(ids.get(i));
      Vectors.check(vectors.get(i), config.dimension(), "vector for id '" + id + "'");
      prepared.add(config.metric() == Metric.COSINE ? Vectors.normalized(vectors.get(i)) : vectors.get(i));
      metas.add(Checks.metadata(id, meta == null ? Map.of() : meta.get(i)));
    }
    structure.readLock().lock();
    try {
      if (threads <= 1) {
        for (int i = 0; i < ids.size(); i++) {
          insert(ids.get(i), prepared.get(i), metas.get(i));
        }
        return;
      }
      AtomicInteger claim = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(pool.submit(() -> {
            int start;
            while ((start = claim.getAndAdd(256)) < ids.size()) {
              for (int i = start; i < Math.min(ids.size(), start + 256); i++) {
                insert(ids.get(i), prepared.get(i), metas.get(i));
              }
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while adding", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
            : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    } finally {
      structure.readLock().unlock();
    }
  }

  @Override
  public boolean remove(String id) {
    Checks.id(id);
    structure.readLock().lock();
    try {
      Integer ord = ordinals.remove(id);
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
    return id != null && ordinals.containsKey(id);
  }

  @Override
  public Optional<Map<String, String>> metadata(String id) {
    Integer ord = id == null ? null : ordinals.get(id);
    return ord == null ? Optional.empty() : Optional.of(metaOf(ord));
  }

  /**
   * Returns a copy of an item's stored vector (normalised for {@link Metric#COSINE}).
   *
   * @param id the id
   * @return the vector, or empty if absent
   */
  public Optional<float[]> vector(String id) {
    Integer ord = id == null ? null : ordinals.get(id);
    return ord == null ? Optional.empty() : Optional.of(store.get(ord));
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
      if (ordinals.isEmpty()) {
        throw new EmptyIndexException();
      }
      int limit = next.get();
      if (filter != null && admittedFraction(filter, limit) < EXACT_FILTER_FRACTION) {
        return exact(q, k, filter, limit);
      }
      IntPredicate accept = filter == null ? live
          : ord -> !isRemoved(ord) && filter.accept(idOf(ord), metaOf(ord));
      HnswGraph.EntryNode ep = graph.entry();
      HnswSearcher searcher = workers.get().searcher;
      int cur = ep.node();
      float curScore = scorer.score(q, cur);
      float[] out = new float[1];
      for (int l = ep.level(); l > 0; l--) {
        cur = searcher.greedy(q, cur, curScore, l, out);
        curScore = out[0];
      }
      int ef = Math.max(efSearch, k);
      // the entry node too: the descent may end at a node whose layer-0 list an insert is still writing
      int[] starts = cur == ep.node() ? new int[] {cur} : new int[] {cur, ep.node()};
      float[] startScores = cur == ep.node() ? new float[] {curScore}
          : new float[] {curScore, scorer.score(q, ep.node())};
      LongHeap found = searcher.searchLayer(q, starts, startScores, ef, 0, accept, capacity);
      int[] nodes = new int[found.size()];
      float[] scores = new float[found.size()];
      int n = HnswSearcher.drainBestFirst(found, nodes, scores);
      List<SearchHit> hits = new ArrayList<>(Math.min(k, n));
      for (int i = 0; i < n && hits.size() < k; i++) {
        if (current(nodes[i])) {
          hits.add(hit(nodes[i], scores[i]));
        }
      }
      return hits;
    } finally {
      structure.readLock().unlock();
    }
  }

  private SearchHit hit(int ord, float internal) {
    float score = RankingScores.toScore(config.metric(), internal);
    return new SearchHit(idOf(ord), score, config.metric().scoreToDistance(score), metaOf(ord));
  }

  private double admittedFraction(Filter filter, int limit) {
    if (ordinals.size() <= FILTER_SAMPLE) {
      return 0; // small enough to scan exactly
    }
    SplittableRandom r = new SplittableRandom(limit);
    int tried = 0;
    int admitted = 0;
    for (int i = 0; i < FILTER_SAMPLE * 4 && tried < FILTER_SAMPLE; i++) {
      int ord = r.nextInt(limit);
      if (!current(ord)) {
        continue;
      }
      tried++;
      if (filter.accept(idOf(ord), metaOf(ord))) {
        admitted++;
      }
    }
    return tried == 0 ? 0 : (double) admitted / tried;
  }

  private List<SearchHit> exact(float[] q, int k, Filter filter, int limit) {
    LongHeap top = new LongHeap(k + 1);
    for (int ord = 0; ord < limit; ord++) {
      if (isRemoved(ord) || !filter.accept(idOf(ord), metaOf(ord)) || !current(ord)) {
        continue;
      }
      long p = LongHeap.packWorstFirst(scorer.score(q, ord), ord);
      if (top.size() < k) {
        top.push(p);
      } else if (p > top.top()) {
        top.replaceTop(p);
      }
    }
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
    return ordinals.size();
  }

  /**
   * Returns how many removed items still take space until {@link #compact()}.
   *
   * @return the count
   */
  public int removedCount() {
    return removedCount.get();
  }

  /**
   * Rebuilds the graph from the live items only, reclaiming the space of removed and replaced ones.
   * Blocks other operations while it runs.
   *
   * @param threads how many threads rebuild
   */
  public void compact(int threads) {
    structure.writeLock().lock();
    try {
      HnswIndex fresh = new HnswIndex(config);
      List<String> liveIds = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<Map<String, String>> metas = new ArrayList<>();
      for (int ord = 0; ord < next.get(); ord++) {
        if (!isRemoved(ord) && current(ord)) {
          liveIds.add(idOf(ord));
          vectors.add(store.get(ord));
          metas.add(metaOf(ord));
        }
      }
      fresh.addAll(liveIds, vectors, metas, threads);
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
    this.ordinals.clear();
    this.ordinals.putAll(other.ordinals);
    this.next.set(other.next.get());
    this.removedCount.set(other.removedCount.get());
    this.store.replaceWith(other.store);
    this.graph.replaceWith(other.graph);
    this.capacity = other.capacity;
    this.ids = other.ids;
    this.metadata = other.metadata;
    this.removed = other.removed;
  }

  /**
   * Returns an estimate of the heap memory the index holds, in bytes: vectors, graph, ids and metadata.
   *
   * @return bytes used
   */
  public long ramBytesUsed() {
    return vectorAndGraphBytes() + idAndMetadataBytes();
  }

  /**
   * Returns the heap bytes of the vectors and the graph alone.
   *
   * @return bytes used
   */
  public long vectorAndGraphBytes() {
    return store.ramBytesUsed() + graph.ramBytesUsed(next.get());
  }

  private long idAndMetadataBytes() {
    // per chunk: the id and metadata reference arrays and the removed flags, plus the chunk pointer arrays
    long bytes = 3 * (16L + 4L * ids.length) + (long) ids.length * (3 * 16 + 8L * Chunks.SIZE + Chunks.SIZE);
    bytes += 64L * ordinals.size(); // map entries
    int n = next.get();
    for (int ord = 0; ord < n; ord++) {
      String id = idOf(ord);
      if (id != null) {
        bytes += 40 + id.length();
      }
      Map<String, String> m = metadata[Chunks.chunk(ord)][Chunks.slot(ord)];
      if (m != null) {
        for (Map.Entry<String, String> e : m.entrySet()) {
          bytes += 96 + e.getKey().length() + e.getValue().length();
        }
      }
    }
    return bytes;
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
      IndexFiles.write(path, FORMAT, VERSION, this::writeBody);
    } finally {
      structure.writeLock().unlock();
    }
  }

  private void writeBody(IndexOutput out) throws IOException {
    int n = next.get();
    out.writeInt(config.dimension());
    out.writeString(config.metric().name());
    out.writeInt(config.m());
    out.writeInt(config.efConstruction());
    out.writeInt(config.efSearch());
    out.writeLong(config.seed());
    out.writeInt(n);
    HnswGraph.EntryNode ep = graph.entry();
    out.writeInt(ep == null ? -1 : ep.node());
    out.writeInt(ep == null ? -1 : ep.level());
    for (int ord = 0; ord < n; ord++) {
      String id = idOf(ord);
      boolean isLive = !isRemoved(ord) && current(ord);
      out.writeByte(isLive ? 1 : 0);
      out.writeString(isLive ? id : "");
      Map<String, String> m = isLive ? metaOf(ord) : Map.of();
      out.writeInt(m.size());
      for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
    }
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      out.writeFloats(store.slab(ord), 0, Math.min(Chunks.SIZE, n - ord) * config.dimension());
    }
    for (int ord = 0; ord < n; ord++) {
      int top = graph.level(ord);
      out.writeByte(top);
      for (int l = 0; l <= top; l++) {
        int[] nb = graph.neighbors(ord, l);
        out.writeInt(nb.length);
        out.writeInts(nb, 0, nb.length);
      }
    }
    space.write(out);
  }

  /**
   * Loads an index saved by {@link #save}.
   *
   * @param path the file
   * @return the index, complete
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is truncated, altered, foreign or too new
   */
  public static HnswIndex load(Path path) throws IOException {
    return IndexFiles.read(path, FORMAT, VERSION, (in, version) -> readBody(in, version));
  }

  private static HnswIndex readBody(IndexInput in, int version) throws IOException {
    int dim = in.readInt("dimension", 1, 1 << 20);
    String metricName = in.readString();
    Metric metric;
    try {
      metric = Metric.valueOf(metricName);
    } catch (IllegalArgumentException e) {
      throw new IndexCorruptedException(in.file(), "unknown metric '" + metricName + "'");
    }
    int m = in.readInt("m", 2, 512);
    int efc = in.readInt("efConstruction", 1, Integer.MAX_VALUE);
    int efs = in.readInt("efSearch", 1, Integer.MAX_VALUE);
    long seed = in.readLong();
    HnswConfig config;
    try {
      config = new HnswConfig(dim, metric, m, efc, efs, seed);
    } catch (InvalidInputException e) {
      throw new IndexCorruptedException(in.file(), e.getMessage());
    }
    int n = in.readInt("node count", 0, Integer.MAX_VALUE - 1);
    in.checkAvailable((long) n * (4L * dim + 10));
    int entryNode = in.readInt("entry node", -1, Math.max(-1, n - 1));
    int entryLevel = in.readInt("entry level", -1, 30);
    HnswIndex index = new HnswIndex(config);
    index.ensureCapacity(Math.max(1, n));
    int removedNodes = 0;
    for (int ord = 0; ord < n; ord++) {
      int liveFlag = in.readByte();
      String id = in.readString();
      int pairs = in.readInt("metadata size of node " + ord, 0, 1 << 20);
      Map<String, String> meta = new HashMap<>();
      for (int p = 0; p < pairs; p++) {
        String key = in.readString();
        meta.put(key, in.readString());
      }
      if (liveFlag == 1) {
        if (id.isBlank()) {
          throw new IndexCorruptedException(in.file(), "node " + ord + " has a blank id");
        }
        if (index.ordinals.put(id, ord) != null) {
          throw new IndexCorruptedException(in.file(), "id '" + id + "' appears twice");
        }
        index.ids[Chunks.chunk(ord)][Chunks.slot(ord)] = id;
        index.metadata[Chunks.chunk(ord)][Chunks.slot(ord)] = meta.isEmpty() ? null : Map.copyOf(meta);
      } else if (liveFlag == 0) {
        index.removed[Chunks.chunk(ord)][Chunks.slot(ord)] = 1;
        removedNodes++;
      } else {
        throw new IndexCorruptedException(in.file(), "node " + ord + " has live flag " + liveFlag);
      }
    }
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      in.readFloats(index.store.slab(ord), 0, Math.min(Chunks.SIZE, n - ord) * dim);
    }
    for (int ord = 0; ord < n; ord++) {
      int top = in.readByte();
      if (top > 30) {
        throw new IndexCorruptedException(in.file(), "node " + ord + " has level " + top);
      }
      index.graph.addNode(ord, top);
      for (int l = 0; l <= top; l++) {
        int count = in.readInt("neighbour count of node " + ord, 0, config.maxLinks(l));
        int[] nb = new int[count];
        in.readInts(nb, 0, count);
        for (int x : nb) {
          if (x < 0 || x >= n) {
            throw new IndexCorruptedException(in.file(), "node " + ord + " links to " + x + ", beyond " + n);
          }
        }
        index.graph.setNeighbors(ord, l, count == 0 ? HnswGraph.EMPTY : nb);
      }
    }
    if (n > 0 && entryNode < 0) {
      throw new IndexCorruptedException(in.file(), "no entry node for " + n + " nodes");
    }
    if (entryNode >= 0) {
      if (index.graph.level(entryNode) != entryLevel) {
        throw new IndexCorruptedException(in.file(), "entry node " + entryNode + " is not on level " + entryLevel);
      }
      index.graph.setEntry(new HnswGraph.EntryNode(entryNode, entryLevel));
    }
    index.graph.recountInDegrees(n, index.live);
    index.next.set(n);
    index.removedCount.set(removedNodes);
    if (version >= 2) {
      index.space.read(in);
    }
    return index;
  }

  /** Describes a node's links, for test failure messages; scans the whole graph. */
  String diagnose(String id) {
    int ord = ordinals.get(id);
    int[] nb = graph.neighbors(ord, 0);
    int liveNb = 0;
    for (int x : nb) {
      if (!isRemoved(x)) {
        liveNb++;
      }
    }
    int inLinks = 0;
    int liveIn = 0;
    for (int o = 0; o < next.get(); o++) {
      for (int x : graph.neighbors(o, 0)) {
        if (x == ord) {
          inLinks++;
          if (!isRemoved(o)) {
            liveIn++;
          }
        }
      }
    }
    return "ord " + ord + " level " + graph.level(ord) + " out " + nb.length + " (live " + liveNb + ") in "
        + inLinks + " (live " + liveIn + ") counted " + graph.inDegree(ord);
  }

  @Override
  public void close() {
    // heap only: nothing to release
  }
}
