package io.embedkit.index.hnsw;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import io.embedkit.index.store.Payload;
import java.io.IOException;
import java.util.Arrays;

/**
 * The body of an HNSW index file (format {@value HnswIndex#FORMAT}, inside {@code IndexFiles}' header and
 * checksum): configuration, entry node, per node its live flag, id and {@link Payload} (version 4: text and
 * typed metadata; before: string metadata), then the vectors in slabs (version 5: after the configuration
 * the quantization and oversampling; after the vectors, for INT8, the quantizer, codes and corrections),
 * then per node its layers' neighbour lists, then (version 2) the embedding space. Nodes are written in
 * breadth-first order of layer 0 from the entry node (ordinals renumbered to match), so a loaded graph keeps
 * linked nodes near each other in memory; each node's layer-0 list is written in ascending order, the order in
 * which a packed graph keeps it. Every count and link is range-checked on reading, so a damaged file fails typed
 * instead of loading a broken graph.
 */
final class HnswCodec {
  private HnswCodec() {}

  /** Writes an index's body; the caller holds its structural lock alone. */
  static void write(HnswIndex index, IndexOutput out) throws IOException {
    HnswConfig config = index.config();
    IdMap ids = index.ids;
    int n = index.next.get();
    out.writeInt(config.dimension());
    out.writeString(config.metric().name());
    out.writeInt(config.m());
    out.writeInt(config.efConstruction());
    out.writeInt(config.efSearch());
    out.writeLong(config.seed());
    out.writeString(config.quantization().name());
    out.writeInt(config.oversample());
    out.writeInt(n);
    // nodes are written in a new order (position i holds node order[i]) that keeps linked nodes together
    int[] order = index.graph.breadthFirstOrder(n);
    int[] position = new int[n];
    for (int i = 0; i < n; i++) {
      position[order[i]] = i;
    }
    HnswGraph.EntryNode ep = index.graph.entry();
    out.writeInt(ep == null ? -1 : position[ep.node()]);
    out.writeInt(ep == null ? -1 : ep.level());
    for (int ord : order) {
      boolean isLive = ids.live(ord);
      out.writeByte(isLive ? 1 : 0);
      out.writeString(isLive ? ids.idOf(ord) : "");
      (isLive ? ids.payloadOf(ord) : Payload.EMPTY).write(out);
    }
    index.store.write(out, order);
    if (index.codes != null) {
      index.codes.write(out, order);
    }
    for (int ord : order) {
      int top = index.graph.level(ord);
      out.writeByte(top);
      for (int l = 0; l <= top; l++) {
        int[] nb = index.graph.neighbors(ord, l);
        int[] renamed = new int[nb.length];
        for (int i = 0; i < nb.length; i++) {
          renamed[i] = position[nb[i]];
        }
        if (l == 0) {
          Arrays.sort(renamed); // as a loaded graph keeps them packed, so that saving it again writes the same
        }
        out.writeInt(renamed.length);
        out.writeInts(renamed, 0, renamed.length);
      }
    }
    index.spaceBinding().write(out);
  }

  /** Reads an index's body. */
  static HnswIndex read(IndexInput in, int version) throws IOException {
    HnswConfig config = readConfig(in, version);
    int dim = config.dimension();
    int n = in.readInt("node count", 0, Integer.MAX_VALUE - 1);
    in.checkAvailable((long) n * (4L * dim + 10));
    int entryNode = in.readInt("entry node", -1, Math.max(-1, n - 1));
    int entryLevel = in.readInt("entry level", -1, 30);
    HnswIndex index = HnswIndex.create(config);
    index.ensureCapacity(Math.max(1, n));
    IdMap ids = index.ids;
    for (int ord = 0; ord < n; ord++) {
      int liveFlag = in.readByte();
      String id = in.readString();
      Payload payload = Payload.read(in, version, "node " + ord);
      if (liveFlag == 1) {
        if (id.isBlank()) {
          throw new IndexCorruptedException(in.file(), "node " + ord + " has a blank id");
        }
        ids.set(ord, id, payload);
        if (ids.publish(id, ord) != null) {
          throw new IndexCorruptedException(in.file(), "id '" + id + "' appears twice");
        }
      } else if (liveFlag == 0) {
        ids.tombstone(ord);
      } else {
        throw new IndexCorruptedException(in.file(), "node " + ord + " has live flag " + liveFlag);
      }
    }
    index.store.read(in, n);
    if (index.codes != null) {
      index.codes.read(in, n);
    }
    readGraph(in, index.graph, config, n);
    if (n > 0 && entryNode < 0) {
      throw new IndexCorruptedException(in.file(), "no entry node for " + n + " nodes");
    }
    if (entryNode >= 0) {
      if (index.graph.level(entryNode) != entryLevel) {
        throw new IndexCorruptedException(in.file(), "entry node " + entryNode + " is not on level " + entryLevel);
      }
      index.graph.setEntry(new HnswGraph.EntryNode(entryNode, entryLevel));
    }
    index.graph.recountInDegrees(n, ord -> !ids.isRemoved(ord));
    if (HnswIndex.packsLinks(config.quantization())) {
      index.graph.pack();
    }
    index.next.set(n);
    index.loaded(n);
    if (version >= 2) {
      index.spaceBinding().read(in, version);
    }
    return index;
  }

  private static HnswConfig readConfig(IndexInput in, int version) throws IOException {
    int dim = in.readInt("dimension", 1, io.embedkit.core.Checks.MAX_DIMENSION);
    Metric metric = in.readMetric();
    int m = in.readInt("m", 2, 512);
    int efc = in.readInt("efConstruction", 1, Integer.MAX_VALUE);
    int efs = in.readInt("efSearch", 1, Integer.MAX_VALUE);
    long seed = in.readLong();
    HnswQuantization quantization = HnswQuantization.NONE;
    int oversample = 0;
    if (version >= 5) {
      String q = in.readString();
      try {
        quantization = HnswQuantization.valueOf(q);
      } catch (IllegalArgumentException e) {
        throw new IndexCorruptedException(in.file(), "unknown quantization '" + q + "'");
      }
      oversample = in.readInt("oversample", 0, 100);
    }
    try {
      return new HnswConfig(dim, metric, m, efc, efs, seed, quantization, oversample);
    } catch (InvalidInputException e) {
      throw new IndexCorruptedException(in.file(), e.getMessage());
    }
  }

  private static void readGraph(IndexInput in, HnswGraph graph, HnswConfig config, int n) throws IOException {
    for (int ord = 0; ord < n; ord++) {
      int top = in.readByte();
      if (top > 30) {
        throw new IndexCorruptedException(in.file(), "node " + ord + " has level " + top);
      }
      graph.addNode(ord, top);
      for (int l = 0; l <= top; l++) {
        int count = in.readInt("neighbour count of node " + ord, 0, config.maxLinks(l));
        int[] nb = new int[count];
        in.readInts(nb, 0, count);
        for (int x : nb) {
          if (x < 0 || x >= n) {
            throw new IndexCorruptedException(in.file(), "node " + ord + " links to " + x + ", beyond " + n);
          }
        }
        graph.setNeighbors(ord, l, count == 0 ? HnswGraph.EMPTY : nb);
      }
    }
  }
}
