package io.embedkit.index.flat;

import io.embedkit.core.Checks;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.Vectors;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;
import io.embedkit.index.store.IndexFiles;
import io.embedkit.index.store.Payload;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import io.embedkit.index.store.SpaceBinding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An exact index: every search compares the query with every stored vector. It is the ground truth
 * approximate indexes are measured against, and the right choice up to a few hundred thousand vectors.
 *
 * <pre>{@code
 * FlatIndex index = FlatIndex.create(new FlatIndexConfig(384, Metric.COSINE));
 * index.add("a", vector, Map.of("lang", "en"));
 * List<SearchHit> hits = index.search(query, 10, Filter.metadataEquals("lang", "en"));
 * }</pre>
 *
 * <p>Thread-safe: searches run concurrently, writes exclusively. Vectors are kept in one contiguous
 * {@code float[]} in insertion order; a removal moves the last vector into the freed slot. For
 * {@link Metric#COSINE} vectors are normalised once at insert.
 */
public final class FlatIndex implements VectorIndex {
  /** The format name in saved files. */
  public static final String FORMAT = "embedkit-flat";

  /** The newest format version this class writes and reads. */
  public static final int VERSION = 4; // 2: the space after the body; 3: its fingerprint; 4: text, typed metadata

  private static final int MAX_ITEMS = Integer.MAX_VALUE - 8;
  private static final VectorKernels K = Kernels.get();

  private final int dim;
  private final Metric metric;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final HashMap<String, Integer> ordinals = new HashMap<>();
  private float[] vectors;
  private String[] ids;
  private Payload[] metadata;
  private int count;
  private final SpaceBinding space;

  private FlatIndex(int dim, Metric metric, int capacity) {
    this.dim = dim;
    this.metric = metric;
    this.space = new SpaceBinding(dim);
    allocate(Math.max(capacity, 16));
  }

  /**
   * Returns a new, empty index.
   *
   * @param config its dimension and metric
   * @return the index
   */
  public static FlatIndex create(FlatIndexConfig config) {
    return new FlatIndex(config.dimension(), config.metric(), 16);
  }

  /**
   * Returns a new, empty index.
   *
   * @param dimension the vector dimension
   * @param metric the metric
   * @return the index
   */
  public static FlatIndex create(int dimension, Metric metric) {
    return create(new FlatIndexConfig(dimension, metric));
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public void add(String id, float[] vector, String text, Map<String, ?> meta) {
    Checks.id(id);
    Vectors.check(vector, dim, "vector for id '" + id + "'");
    Payload m = Payload.of(id, text, meta);
    float[] v = metric == Metric.COSINE ? Vectors.normalized(vector) : vector;
    lock.writeLock().lock();
    try {
      Integer existing = ordinals.get(id);
      int ord;
      if (existing != null) {
        ord = existing;
      } else {
        if (count == MAX_ITEMS) {
          throw new IllegalStateException("the index is full at " + count + " items");
        }
        ensureCapacity(count + 1);
        ord = count++;
        ordinals.put(id, ord);
        ids[ord] = id;
      }
      System.arraycopy(v, 0, vectors, ord * dim, dim);
      metadata[ord] = m;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(String id) {
    Checks.id(id);
    lock.writeLock().lock();
    try {
      Integer ord = ordinals.remove(id);
      if (ord == null) {
        return false;
      }
      int last = --count;
      if (ord != last) {
        System.arraycopy(vectors, last * dim, vectors, ord * dim, dim);
        ids[ord] = ids[last];
        metadata[ord] = metadata[last];
        ordinals.put(ids[ord], ord);
      }
      ids[last] = null;
      metadata[last] = null;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return id != null && ordinals.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Map<String, Object>> metadata(String id) {
    lock.readLock().lock();
    try {
      Integer ord = id == null ? null : ordinals.get(id);
      return ord == null ? Optional.empty() : Optional.of(metadata[ord].metadata());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<String> text(String id) {
    lock.readLock().lock();
    try {
      Integer ord = id == null ? null : ordinals.get(id);
      return ord == null ? Optional.empty() : Optional.ofNullable(metadata[ord].text());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> ids(Filter filter) {
    lock.readLock().lock();
    try {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (filter == null || filter.accept(ids[i], metadata[i].metadata())) {
          out.add(ids[i]);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Returns a copy of the stored vector of an id; for {@link Metric#COSINE} it is the normalised vector.
   *
   * @param id the id
   * @return the vector, or empty if the id is absent
   */
  @Override
  public Optional<float[]> vector(String id) {
    lock.readLock().lock();
    try {
      Integer ord = id == null ? null : ordinals.get(id);
      return ord == null ? Optional.empty()
          : Optional.of(Arrays.copyOfRange(vectors, ord * dim, ord * dim + dim));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<SearchHit> search(float[] query, int k, Filter filter) {
    Checks.k(k);
    Vectors.check(query, dim, "query");
    float[] q = metric == Metric.COSINE ? Vectors.normalized(query) : query;
    lock.readLock().lock();
    try {
      if (count == 0) {
        throw new EmptyIndexException();
      }
      TopK top = new TopK(Math.min(k, count));
      if (filter == null) {
        scan(q, top);
      } else {
        scanFiltered(q, top, filter);
      }
      int n = top.size();
      float[] raw = new float[n];
      int[] ords = new int[n];
      top.drainBestFirst(raw, ords);
      List<SearchHit> hits = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float score = metric.rankingToScore(raw[i]);
        Payload p = metadata[ords[i]];
        hits.add(new SearchHit(ids[ords[i]], score, metric.scoreToDistance(score), p.metadata(), p.text()));
      }
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  // The scans rank by Metric.rankingToScore's ranking scores (squared L2 for L2); only the final hits are converted.
  private void scan(float[] q, TopK top) {
    final float[] vs = vectors;
    final int d = dim;
    final int n = count;
    switch (metric) {
      case COSINE:
      case DOT:
        for (int i = 0, off = 0; i < n; i++, off += d) {
          float s = K.dot(q, vs, off, d);
          if (s >= top.threshold()) {
            top.offer(s, i);
          }
        }
        break;
      case L2:
        for (int i = 0, off = 0; i < n; i++, off += d) {
          float s = -K.squaredL2(q, vs, off, d);
          if (s >= top.threshold()) {
            top.offer(s, i);
          }
        }
        break;
      case L1:
        for (int i = 0, off = 0; i < n; i++, off += d) {
          float s = -K.l1(q, vs, off, d);
          if (s >= top.threshold()) {
            top.offer(s, i);
          }
        }
        break;
      default:
        throw new AssertionError(metric);
    }
  }

  private void scanFiltered(float[] q, TopK top, Filter filter) {
    for (int i = 0; i < count; i++) {
      if (filter.accept(ids[i], metadata[i].metadata())) {
        top.offer(rawScore(q, i * dim), i);
      }
    }
  }

  private float rawScore(float[] q, int off) {
    switch (metric) {
      case COSINE:
      case DOT:
        return K.dot(q, vectors, off, dim);
      case L2:
        return -K.squaredL2(q, vectors, off, dim);
      case L1:
        return -K.l1(q, vectors, off, dim);
      default:
        throw new AssertionError(metric);
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return count;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Returns an estimate of the heap memory the index holds, in bytes.
   *
   * @return bytes used
   */
  public long ramBytesUsed() {
    lock.readLock().lock();
    try {
      long bytes = 4L * vectors.length + 8L * ids.length * 2;
      for (int i = 0; i < count; i++) {
        bytes += 56 + 2L * ids[i].length() + 48; // id string and its map entry
        bytes += metadata[i] == Payload.EMPTY ? 0 : metadata[i].ramBytes();
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
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
    lock.readLock().lock();
    try {
      IndexFiles.write(path, FORMAT, VERSION, this::writeBody);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void writeBody(IndexOutput out) throws IOException {
    out.writeInt(dim);
    out.writeString(metric.name());
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeString(ids[i]);
      metadata[i].write(out);
    }
    out.writeFloats(vectors, 0, count * dim);
    space.write(out);
  }

  /**
   * Loads an index saved by {@link #save}.
   *
   * @param path the file
   * @return the index, complete
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if the file is truncated, altered, foreign or too new
   */
  public static FlatIndex load(Path path) throws IOException {
    return IndexFiles.read(path, FORMAT, VERSION, (in, version) -> readBody(in, version));
  }

  private static FlatIndex readBody(IndexInput in, int version) throws IOException {
    int dim = in.readInt("dimension", 1, io.embedkit.core.Checks.MAX_DIMENSION);
    Metric metric = in.readMetric();
    int count = in.readInt("item count", 0, MAX_ITEMS);
    in.checkAvailable((long) count * (4L * dim + 8));
    FlatIndex index = new FlatIndex(dim, metric, count);
    for (int i = 0; i < count; i++) {
      String id = in.readString();
      if (id.isBlank()) {
        throw new IndexCorruptedException(in.file(), "item " + i + " has a blank id");
      }
      Payload payload = Payload.read(in, version, "item " + i);
      if (index.ordinals.put(id, i) != null) {
        throw new IndexCorruptedException(in.file(), "id '" + id + "' appears twice");
      }
      index.ids[i] = id;
      index.metadata[i] = payload;
    }
    in.readFloats(index.vectors, 0, count * dim);
    if (version >= 2) {
      index.space.read(in, version);
    }
    index.count = count;
    return index;
  }

  @Override
  public void close() {
    // heap only: nothing to release
  }

  private void allocate(int capacity) {
    if ((long) capacity * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "a flat index of dimension " + dim + " holds at most " + (Integer.MAX_VALUE - 8) / dim + " vectors");
    }
    vectors = new float[capacity * dim];
    ids = new String[capacity];
    metadata = new Payload[capacity];
  }

  private void ensureCapacity(int needed) {
    if (needed <= ids.length) {
      return;
    }
    long grown = Math.max(needed, (long) ids.length + (ids.length >> 1));
    int cap = (int) Math.min(grown, (Integer.MAX_VALUE - 8) / dim);
    if (cap < needed) {
      throw new IllegalStateException(
          "a flat index of dimension " + dim + " holds at most " + cap + " vectors");
    }
    float[] v = vectors;
    String[] i = ids;
    Payload[] m = metadata;
    allocate(cap);
    System.arraycopy(v, 0, vectors, 0, count * dim);
    System.arraycopy(i, 0, ids, 0, count);
    System.arraycopy(m, 0, metadata, 0, count);
  }
}
