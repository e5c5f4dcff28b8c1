package io.embedkit.index.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The layered graph: adjacency only. Layer 0, where searches spend their time, keeps each node's list in place
 * in one flat array per chunk of nodes (a count, then up to {@code maxLinks0} links), so reading a node's links
 * is one dependent load. A writer holding the node's lock writes the links, then publishes the count with
 * release semantics; a reader racing a rewrite may see a mix of old and new links, every one of them a node
 * that existed when it was written (readers ignore ordinals beyond the capacity they started with, and skip
 * repeats). Upper layers, small and rarely walked, keep one immutable {@code int[]} per node and layer,
 * replaced whole (copy on write) and published with release semantics.
 */
final class HnswGraph {
  private static final VarHandle LIST = MethodHandles.arrayElementVarHandle(int[][].class);
  private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(int[][][].class);
  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);
  static final int[] EMPTY = new int[0];
  // the upper-layer lists of a node that lives on layer 0 only: shared, never written
  private static final int[][] LAYER0_ONLY = {EMPTY};
  private static final int LOCK_STRIPES = 1 << 12;

  /** The node searches start from and the top layer it lives on. */
  record EntryNode(int node, int level) {}

  private final int maxLinks0;
  private final int stride;
  private volatile int[][][][] chunks = new int[0][][][];
  private volatile int[][] layer0 = new int[0][];
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
    int[][][][] c = chunks;
    if (n <= c.length) {
      return;
    }
    int[][][][] bigger = Arrays.copyOf(c, n);
    int[][] flat = Arrays.copyOf(layer0, n);
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
    COUNT.setRelease(layer0[Chunks.chunk(node)], Chunks.slot(node) * stride, 0);
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
      int[] flat = layer0[Chunks.chunk(node)];
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
      int[] flat = layer0[Chunks.chunk(node)];
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
      int[] flat = layer0[Chunks.chunk(node)];
      int base = Chunks.slot(node) * stride;
      System.arraycopy(neighbors, 0, flat, base + 1, neighbors.length);
      COUNT.setRelease(flat, base, neighbors.length);
      return;
    }
    LIST.setRelease(lists(node), level, neighbors);
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
    bytes += 16L + 8L * c.length + (long) c.length * (16L + 4L * Chunks.SIZE * stride); // layer 0, in place
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
