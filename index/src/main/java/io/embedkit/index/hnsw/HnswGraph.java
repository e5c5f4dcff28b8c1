package io.embedkit.index.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The layered graph: adjacency only. Each node has one neighbour list per layer it lives on; a list is an
 * immutable {@code int[]} replaced whole (copy on write) and published with release semantics, so readers
 * never lock and always see a complete list. Writers of one node's lists hold that node's lock.
 */
final class HnswGraph {
  private static final VarHandle LIST = MethodHandles.arrayElementVarHandle(int[][].class);
  private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(int[][][].class);
  static final int[] EMPTY = new int[0];
  private static final int LOCK_STRIPES = 1 << 12;

  /** The node searches start from and the top layer it lives on. */
  record EntryNode(int node, int level) {}

  private volatile int[][][][] chunks = new int[0][][][];
  // layer-0 in-degree per node: a node is never unlinked from its last in-link, so none becomes unreachable
  private volatile java.util.concurrent.atomic.AtomicIntegerArray[] inDegree =
      new java.util.concurrent.atomic.AtomicIntegerArray[0];
  private final AtomicReference<EntryNode> entry = new AtomicReference<>();
  private final Object[] locks = new Object[LOCK_STRIPES];

  HnswGraph() {
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
    java.util.concurrent.atomic.AtomicIntegerArray[] degrees = Arrays.copyOf(inDegree, n);
    for (int i = c.length; i < n; i++) {
      bigger[i] = new int[Chunks.SIZE][][];
      degrees[i] = new java.util.concurrent.atomic.AtomicIntegerArray(Chunks.SIZE);
    }
    inDegree = degrees;
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
    inDegree = other.inDegree;
    chunks = other.chunks;
    entry.set(other.entry.get());
  }

  /** Publishes a node with empty lists on layers 0..level. */
  void addNode(int node, int level) {
    int[][] lists = new int[level + 1][];
    Arrays.fill(lists, EMPTY);
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

  /** Returns a node's neighbours on a layer; the array must not be modified. */
  int[] neighbors(int node, int level) {
    int[][] lists = lists(node);
    return (int[]) LIST.getAcquire(lists, level);
  }

  /** Replaces a node's neighbours on a layer; the caller holds {@link #lock(int)}. */
  void setNeighbors(int node, int level, int[] neighbors) {
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

  /** Heap bytes of the adjacency, for {@code ramBytesUsed}. */
  long ramBytesUsed(int nodes) {
    int[][][][] c = chunks;
    long bytes = 16L + 8L * c.length + (long) c.length * (16L + 4L * Chunks.SIZE) * 2 + 16L * LOCK_STRIPES;
    for (int n = 0; n < nodes; n++) {
      int[][] lists = lists(n);
      if (lists == null) {
        continue;
      }
      bytes += 16 + 4L * lists.length;
      for (int[] l : lists) {
        bytes += l == EMPTY ? 0 : 16 + 4L * l.length;
      }
    }
    return bytes;
  }
}
