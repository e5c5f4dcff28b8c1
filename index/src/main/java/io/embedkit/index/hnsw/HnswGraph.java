package io.embedkit.index.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The layered graph: adjacency only. Layer 0, where searches spend their time, keeps each chunk of nodes in one
 * of two forms. Writable: one flat array (per node a count, then up to {@code maxLinks0} links), so reading a
 * node's links is one dependent load; a writer holding the node's lock writes the links, then publishes the
 * count with release semantics; a reader racing a rewrite may see a mix of old and new links, every one of them a
 * node that existed when it was written (readers ignore ordinals beyond the capacity they started with, and skip
 * repeats). Packed ({@link #pack}, after loading): each list sorted and stored as gaps of the fewest whole bytes,
 * about 40% of the flat form's bytes; immutable, so readers need no care. The first write to a packed chunk turns
 * it back into the flat form (under a lock shared with growth), which is then published whole with release
 * semantics. Upper layers, small and rarely walked, keep one immutable {@code int[]} per node and layer,
 * replaced whole (copy on write) and published with release semantics.
 */
final class HnswGraph {
  private static final VarHandle LIST = MethodHandles.arrayElementVarHandle(int[][].class);
  private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(int[][][].class);
  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(Object[].class);
  static final int[] EMPTY = new int[0];
  // the upper-layer lists of a node that lives on layer 0 only: shared, never written
  private static final int[][] LAYER0_ONLY = {EMPTY};
  private static final int LOCK_STRIPES = 1 << 12;

  /** The node searches start from and the top layer it lives on. */
  record EntryNode(int node, int level) {}

  private final int maxLinks0;
  private final int stride;
  private volatile int[][][][] chunks = new int[0][][][];
  // per chunk: its flat int[] (writable) or a Packed (read-only until thawed)
  private volatile Object[] layer0 = new Object[0];
  // serialises growth with thawing, so that neither loses the other's chunk
  private final Object chunkLock = new Object();
  // layer-0 in-degree per node: a node is never unlinked from its last in-link, so none becomes unreachable
  private volatile java.util.concurrent.atomic.AtomicIntegerArray[] inDegree =
      new java.util.concurrent.atomic.AtomicIntegerArray[0];
  private final AtomicReference<EntryNode> entry = new AtomicReference<>();
  private final Object[] locks = new Object[LOCK_STRIPES];

  /** A graph whose nodes keep at most {@code maxLinks0} links on layer 0. */
  HnswGraph(int maxLinks0) {
    this.maxLinks0 = maxLinks0;
    this.stride = maxLinks0 + 1;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** Grows to at least {@code n} chunks; callers serialise growth. */
  void grow(int n) {
    synchronized (chunkLock) {
      growLocked(n);
    }
  }

  private void growLocked(int n) {
    int[][][][] c = chunks;
    if (n <= c.length) {
      return;
    }
    int[][][][] bigger = Arrays.copyOf(c, n);
    Object[] flat = Arrays.copyOf(layer0, n);
    java.util.concurrent.atomic.AtomicIntegerArray[] degrees = Arrays.copyOf(inDegree, n);
    for (int i = c.length; i < n; i++) {
      bigger[i] = new int[Chunks.SIZE][][];
      flat[i] = new int[Chunks.SIZE * stride];
      degrees[i] = new java.util.concurrent.atomic.AtomicIntegerArray(Chunks.SIZE);
    }
    inDegree = degrees;
    layer0 = flat;
    chunks = bigger;
  }

  /** Counts a new layer-0 link to {@code node}. */
  void linked(int node) {
    inDegree[Chunks.chunk(node)].incrementAndGet(Chunks.slot(node));
  }

  /** Counts a removed layer-0 link to {@code node}, unconditionally (for removed nodes). */
  void unlink(int node) {
    inDegree[Chunks.chunk(node)].decrementAndGet(Chunks.slot(node));
  }

  /** Reserves the removal of a layer-0 link to {@code node}; false if it is the node's last in-link. */
  boolean tryUnlink(int node) {
    java.util.concurrent.atomic.AtomicIntegerArray a = inDegree[Chunks.chunk(node)];
    int slot = Chunks.slot(node);
    while (true) {
      int v = a.get(slot);
      if (v <= 1) {
        return false;
      }
      if (a.compareAndSet(slot, v, v - 1)) {
        return true;
      }
    }
  }

  int inDegree(int node) {
    return inDegree[Chunks.chunk(node)].get(Chunks.slot(node));
  }

  /** Recounts layer-0 in-links from live nodes (after loading). */
  void recountInDegrees(int nodes, java.util.function.IntPredicate live) {
    for (int n = 0; n < nodes; n++) {
      if (!live.test(n)) {
        continue;
      }
      for (int x : neighbors(n, 0)) {
        linked(x);
      }
    }
  }

  /** Takes over another graph's nodes and entry (compaction); callers hold the index's structural lock. */
  void replaceWith(HnswGraph other) {
    if (other.maxLinks0 != maxLinks0) {
      throw new IllegalStateException("graphs of different widths");
    }
    inDegree = other.inDegree;
    layer0 = other.layer0;
    chunks = other.chunks;
    entry.set(other.entry.get());
  }

  /** Publishes a node with empty lists on layers 0..level. */
  void addNode(int node, int level) {
    int[][] lists = LAYER0_ONLY;
    if (level > 0) {
      lists = new int[level + 1][];
      Arrays.fill(lists, EMPTY);
    }
    COUNT.setRelease(writable(Chunks.chunk(node)), Chunks.slot(node) * stride, 0);
    NODE.setRelease(chunks[Chunks.chunk(node)], Chunks.slot(node), lists);
  }

  /** Returns the top layer of a node, or -1 if it does not exist. */
  int level(int node) {
    int[][] lists = lists(node);
    return lists == null ? -1 : lists.length - 1;
  }

  private int[][] lists(int node) {
    return (int[][]) NODE.getAcquire(chunks[Chunks.chunk(node)], Chunks.slot(node));
  }

  /** Returns the most links a node keeps on layer 0. */
  int maxLinks0() {
    return maxLinks0;
  }

  /**
   * Returns a node's neighbours on a layer, as a copy on layer 0 (consistent when the caller holds the node's
   * lock); the array must not be modified.
   */
  int[] neighbors(int node, int level) {
    if (level == 0) {
      Object chunk = CHUNK.getAcquire(layer0, Chunks.chunk(node));
      if (chunk instanceof Packed p) {
        int[] out = new int[maxLinks0];
        return Arrays.copyOf(out, p.decode(Chunks.slot(node), out));
      }
      int[] flat = (int[]) chunk;
      int base = Chunks.slot(node) * stride;
      int count = (int) COUNT.getAcquire(flat, base);
      return count == 0 ? EMPTY : Arrays.copyOfRange(flat, base + 1, base + 1 + count);
    }
    int[][] lists = lists(node);
    return (int[]) LIST.getAcquire(lists, level);
  }

  /**
   * Copies a node's neighbours on a layer into {@code dst}, which holds at least {@link #maxLinks0()}, and
   * returns how many: the searches' read, without allocation.
   */
  int copyNeighbors(int node, int level, int[] dst) {
    if (level == 0) {
      Object chunk = CHUNK.getAcquire(layer0, Chunks.chunk(node));
      if (chunk instanceof Packed p) {
        return p.decode(Chunks.slot(node), dst);
      }
      int[] flat = (int[]) chunk;
      int base = Chunks.slot(node) * stride;
      int count = Math.min((int) COUNT.getAcquire(flat, base), maxLinks0);
      System.arraycopy(flat, base + 1, dst, 0, count);
      return count;
    }
    int[] nb = (int[]) LIST.getAcquire(lists(node), level);
    System.arraycopy(nb, 0, dst, 0, nb.length);
    return nb.length;
  }

  /** Replaces a node's neighbours on a layer; the caller holds {@link #lock(int)}. */
  void setNeighbors(int node, int level, int[] neighbors) {
    if (level == 0) {
      if (neighbors.length > maxLinks0) {
        throw new IllegalStateException(neighbors.length + " links on layer 0, at most " + maxLinks0);
      }
      int[] flat = writable(Chunks.chunk(node));
      int base = Chunks.slot(node) * stride;
      System.arraycopy(neighbors, 0, flat, base + 1, neighbors.length);
      COUNT.setRelease(flat, base, neighbors.length);
      return;
    }
    LIST.setRelease(lists(node), level, neighbors);
  }

  /** Returns a chunk's flat array, unpacking the chunk first if it is packed. */
  private int[] writable(int chunk) {
    Object c = CHUNK.getAcquire(layer0, chunk);
    if (c instanceof int[] flat) {
      return flat;
    }
    synchronized (chunkLock) {
      Object[] all = layer0; // growth may have replaced the array since; it holds the same chunks
      Object cur = all[chunk];
      if (cur instanceof int[] flat) {
        return flat;
      }
      Packed p = (Packed) cur;
      int[] flat = new int[Chunks.SIZE * stride];
      int[] scratch = new int[maxLinks0];
      for (int slot = 0; slot < Chunks.SIZE; slot++) {
        int count = p.decode(slot, scratch);
        System.arraycopy(scratch, 0, flat, slot * stride + 1, count);
        flat[slot * stride] = count;
      }
      CHUNK.setRelease(all, chunk, flat);
      return flat;
    }
  }

  /**
   * Packs every chunk's layer-0 lists (each sorted) to save memory, as after loading; a later write to a chunk
   * unpacks that chunk. Callers keep the graph unchanged meanwhile.
   */
  void pack() {
    synchronized (chunkLock) {
      Object[] all = layer0;
      int[] scratch = new int[maxLinks0];
      for (int c = 0; c < all.length; c++) {
        if (all[c] instanceof int[] flat) {
          CHUNK.setRelease(all, c, Packed.of(flat, stride, scratch));
        }
      }
    }
  }

  /** Returns how many chunks hold packed lists (for tests). */
  int packedChunks() {
    int packed = 0;
    for (Object c : layer0) {
      packed += c instanceof Packed ? 1 : 0;
    }
    return packed;
  }

  /**
   * A chunk's layer-0 lists, read-only. Per node: a 16-bit header (the count in its low 11 bits, the byte width
   * {@code b} of its gaps, less one, in the next 2), then, when not empty, its smallest link as a 32-bit int and
   * the gaps to each next link, less one, in {@code b} bytes each (the fewest that hold its largest gap), so a
   * link decodes with one load, a mask and an add. All little-endian.
   */
  private static final class Packed {
    private static final VarHandle SHORT =
        MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final int PAD = 3; // a whole int is read at the last gap's first byte

    private final int[] offsets; // node slot s's bytes start at offsets[s]
    private final byte[] data;

    private Packed(int[] offsets, byte[] data) {
      this.offsets = offsets;
      this.data = data;
    }

    static Packed of(int[] flat, int stride, int[] scratch) {
      int[] offsets = new int[Chunks.SIZE];
      byte[] data = new byte[Chunks.SIZE * 16];
      int p = 0;
      for (int slot = 0; slot < Chunks.SIZE; slot++) {
        offsets[slot] = p;
        int base = slot * stride;
        int count = flat[base];
        System.arraycopy(flat, base + 1, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        int distinct = Math.min(count, 1);
        for (int i = 1; i < count; i++) { // a repeated link is a no-op for searches: kept once
          if (scratch[i] != scratch[distinct - 1]) {
            scratch[distinct++] = scratch[i];
          }
        }
        count = distinct;
        int maxGap = 0;
        for (int i = 1; i < count; i++) {
          maxGap = Math.max(maxGap, scratch[i] - scratch[i - 1] - 1);
        }
        int width = maxGap < 1 << 8 ? 1 : maxGap < 1 << 16 ? 2 : maxGap < 1 << 24 ? 3 : 4;
        int need = 6 + Math.max(count - 1, 0) * width + PAD;
        if (data.length - p < need) {
          data = Arrays.copyOf(data, Math.max(data.length + (data.length >> 1), p + need));
        }
        SHORT.set(data, p, (short) (count | (width - 1) << 11));
        p += 2;
        if (count == 0) {
          continue;
        }
        INT.set(data, p, scratch[0]);
        p += 4;
        for (int i = 1; i < count; i++) {
          int gap = scratch[i] - scratch[i - 1] - 1;
          for (int j = 0; j < width; j++) {
            data[p++] = (byte) (gap >>> (8 * j));
          }
        }
      }
      return new Packed(offsets, Arrays.copyOf(data, p + PAD));
    }

    /** Decodes the list of the node at {@code slot} into {@code dst}; returns its size. */
    int decode(int slot, int[] dst) {
      byte[] d = data;
      int p = offsets[slot];
      int header = (short) SHORT.get(d, p) & 0xFFFF;
      int count = header & 0x7FF;
      if (count == 0) {
        return 0;
      }
      int width = (header >>> 11) + 1;
      int mask = (int) ((1L << (8 * width)) - 1);
      int prev = (int) INT.get(d, p + 2);
      dst[0] = prev;
      for (int i = 1, q = p + 6; i < count; i++, q += width) {
        prev += ((int) INT.get(d, q) & mask) + 1;
        dst[i] = prev;
      }
      return count;
    }

    long ramBytes() {
      return 16L + 4L * offsets.length + 16L + data.length + 16;
    }
  }

  Object lock(int node) {
    return locks[node & (LOCK_STRIPES - 1)];
  }

  EntryNode entry() {
    return entry.get();
  }

  /** Makes {@code node} the entry point if the graph has none or its level is higher. */
  void offerEntry(int node, int level) {
    while (true) {
      EntryNode cur = entry.get();
      if (cur != null && cur.level() >= level) {
        return;
      }
      if (entry.compareAndSet(cur, new EntryNode(node, level))) {
        return;
      }
    }
  }

  /** Makes {@code node} the entry point of an empty graph; false if the graph already has one. */
  boolean initEntry(int node, int level) {
    return entry.compareAndSet(null, new EntryNode(node, level));
  }

  void setEntry(EntryNode e) {
    entry.set(e);
  }

  /**
   * Returns the first {@code n} ordinals in breadth-first order over layer 0 from the entry node (each node's
   * links in their stored order); nodes that walk does not reach (removed ones) follow, walked the same way from
   * the lowest ordinal not yet placed. In that layout linked nodes sit close together, so a search touches
   * fewer pages and cache lines. The order of a graph already laid out this way is the identity. Callers keep
   * the graph unchanged meanwhile.
   *
   * @param n how many ordinals
   * @return {@code order[i]} is the ordinal to place at {@code i}
   */
  int[] breadthFirstOrder(int n) {
    int[] order = new int[n];
    if (n == 0) {
      return order;
    }
    java.util.BitSet placed = new java.util.BitSet(n);
    int[] scratch = new int[Math.max(maxLinks0, 1)];
    int tail = 0;
    EntryNode ep = entry.get();
    if (ep != null && ep.node() < n) {
      placed.set(ep.node());
      order[tail++] = ep.node();
    }
    for (int head = 0, next = 0; tail < n; ) {
      if (head == tail) { // the walk ended: start again from the lowest ordinal not yet placed
        next = placed.nextClearBit(next);
        placed.set(next);
        order[tail++] = next;
      }
      int u = order[head++];
      int count = copyNeighbors(u, 0, scratch);
      for (int i = 0; i < count; i++) {
        int v = scratch[i];
        if (v < n && !placed.get(v)) {
          placed.set(v);
          order[tail++] = v;
        }
      }
    }
    return order;
  }

  /** Heap bytes of the adjacency, for {@code ramBytesUsed}. */
  long ramBytesUsed(int nodes) {
    int[][][][] c = chunks;
    long bytes = 16L + 8L * c.length + (long) c.length * (16L + 4L * Chunks.SIZE) * 2 + 16L * LOCK_STRIPES;
    bytes += 16L + 8L * c.length; // layer 0: flat or packed chunks
    for (Object chunk : layer0) {
      bytes += chunk instanceof Packed p ? p.ramBytes() : 16L + 4L * Chunks.SIZE * stride;
    }
    for (int n = 0; n < nodes; n++) {
      int[][] lists = lists(n);
      if (lists == null || lists == LAYER0_ONLY) {
        continue;
      }
      bytes += 16 + 4L * lists.length;
      for (int l = 1; l < lists.length; l++) {
        bytes += lists[l] == EMPTY ? 0 : 16 + 4L * lists[l].length;
      }
    }
    return bytes;
  }
}
