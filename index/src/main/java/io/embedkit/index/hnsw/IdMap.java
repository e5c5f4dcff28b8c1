package io.embedkit.index.hnsw;

import io.embedkit.index.store.Payload;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids of an HNSW index and what hangs on them: id to ordinal, ordinal to id and payload (text and
 * metadata), a bitset of the ordinals that are their id's current one, and a tombstone bitset of removed (or
 * replaced) ordinals. Ordinals are never reused until a compaction rebuilds the index. Thread-safe: ids map
 * concurrently; per-ordinal slots are written once, before the ordinal is published to the id map; the current
 * bits change with the map entry of their id (inside its atomic update), so they follow the map's order of
 * updates per id; both bitsets are read without locking.
 */
final class IdMap {
  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int WORDS_PER_CHUNK = Chunks.SIZE / 64;

  private final ConcurrentHashMap<String, Integer> ordinals = new ConcurrentHashMap<>();
  private final AtomicInteger removedCount = new AtomicInteger();
  private volatile String[][] ids = new String[0][];
  private volatile Payload[][] payloads = new Payload[0][];
  private volatile long[][] removed = new long[0][];
  private volatile long[][] current = new long[0][];

  /** Grows the per-ordinal slots to {@code chunks} chunks; callers serialise growth. */
  void grow(int chunks) {
    String[][] i = Arrays.copyOf(ids, chunks);
    Payload[][] m = Arrays.copyOf(payloads, chunks);
    long[][] r = Arrays.copyOf(removed, chunks);
    long[][] cur = Arrays.copyOf(current, chunks);
    for (int c = ids.length; c < chunks; c++) {
      i[c] = new String[Chunks.SIZE];
      m[c] = new Payload[Chunks.SIZE];
      r[c] = new long[WORDS_PER_CHUNK];
      cur[c] = new long[WORDS_PER_CHUNK];
    }
    ids = i;
    payloads = m;
    removed = r;
    current = cur;
  }

  /** Writes an ordinal's id and payload, before {@link #publish} makes it the id's ordinal. */
  void set(int ord, String id, Payload payload) {
    ids[Chunks.chunk(ord)][Chunks.slot(ord)] = id;
    payloads[Chunks.chunk(ord)][Chunks.slot(ord)] = payload == Payload.EMPTY ? null : payload;
  }

  /**
   * Makes {@code ord} the ordinal of {@code id}.
   *
   * @return the id's previous ordinal, which the caller retires, or null
   */
  Integer publish(String id, int ord) {
    Integer[] previous = new Integer[1];
    ordinals.compute(id, (key, prev) -> {
      setBit(current, ord);
      if (prev != null) {
        clearBit(current, prev);
      }
      previous[0] = prev;
      return ord;
    });
    return previous[0];
  }

  /**
   * Forgets an id.
   *
   * @return its ordinal, which the caller retires, or null if it was absent
   */
  Integer unpublish(String id) {
    Integer[] previous = new Integer[1];
    ordinals.computeIfPresent(id, (key, prev) -> {
      clearBit(current, prev);
      previous[0] = prev;
      return null;
    });
    return previous[0];
  }

  private static boolean setBit(long[][] bits, int ord) {
    long bit = 1L << (ord & 63);
    return ((long) WORDS.getAndBitwiseOr(bits[Chunks.chunk(ord)], Chunks.slot(ord) >>> 6, bit) & bit) == 0;
  }

  private static void clearBit(long[][] bits, int ord) {
    WORDS.getAndBitwiseAnd(bits[Chunks.chunk(ord)], Chunks.slot(ord) >>> 6, ~(1L << (ord & 63)));
  }

  private static boolean getBit(long[][] bits, int ord) {
    return ((long) WORDS.getAcquire(bits[Chunks.chunk(ord)], Chunks.slot(ord) >>> 6) & (1L << (ord & 63))) != 0;
  }

  /** Marks an ordinal removed; the graph walk still passes through it, results skip it. */
  void tombstone(int ord) {
    if (setBit(removed, ord)) {
      removedCount.incrementAndGet();
    }
  }

  boolean isRemoved(int ord) {
    return (removed[Chunks.chunk(ord)][Chunks.slot(ord) >>> 6] & (1L << (ord & 63))) != 0;
  }

  /** Returns the ordinal of an id, or null. */
  Integer ordinal(String id) {
    return id == null ? null : ordinals.get(id);
  }

  String idOf(int ord) {
    return ids[Chunks.chunk(ord)][Chunks.slot(ord)];
  }

  Payload payloadOf(int ord) {
    Payload p = payloads[Chunks.chunk(ord)][Chunks.slot(ord)];
    return p == null ? Payload.EMPTY : p;
  }

  Map<String, Object> metaOf(int ord) {
    return payloadOf(ord).metadata();
  }

  /**
   * True when {@code ord} is the current ordinal of its id: published, not removed, not replaced. Asked of
   * final results; the graph walk reads the tombstones, which a remove sets only after the node is unlinked.
   */
  boolean current(int ord) {
    return getBit(current, ord);
  }

  /** Returns whether an ordinal is live: current and not tombstoned. */
  boolean live(int ord) {
    return !isRemoved(ord) && current(ord);
  }

  int size() {
    return ordinals.size();
  }

  boolean isEmpty() {
    return ordinals.isEmpty();
  }

  int removedCount() {
    return removedCount.get();
  }

  /** Takes over another map's state wholesale (compaction). */
  void replaceWith(IdMap other) {
    ordinals.clear();
    ordinals.putAll(other.ordinals);
    removedCount.set(other.removedCount.get());
    ids = other.ids;
    payloads = other.payloads;
    removed = other.removed;
    current = other.current;
  }

  /** Returns an estimate of the heap bytes of ids, metadata and tombstones for ordinals below {@code n}. */
  long ramBytesUsed(int n) {
    int chunks = ids.length;
    // per chunk: the id and metadata reference arrays and the two bitsets, plus the chunk pointer arrays
    long bytes = 4 * (16L + 4L * chunks) + (long) chunks * (4 * 16 + 8L * Chunks.SIZE + Chunks.SIZE / 4);
    bytes += 64L * ordinals.size(); // map entries
    for (int ord = 0; ord < n; ord++) {
      String id = idOf(ord);
      if (id != null) {
        bytes += 40 + id.length();
      }
      Payload p = payloads[Chunks.chunk(ord)][Chunks.slot(ord)];
      if (p != null) {
        bytes += p.ramBytes();
      }
    }
    return bytes;
  }
}
