package io.embedkit.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Metric;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.Indexes;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A durable collection: an index in memory, a snapshot in the index format ({@code snapshot.idx}) and a
 * write-ahead log ({@code wal.log}) of every acknowledged write since. A write is appended and forced to disk,
 * then applied, then acknowledged; on start the snapshot is loaded and the log replayed (replaying is
 * idempotent: upserts and deletes again give the same state). One record per request, so a kill leaves a
 * request's items all there or none. Every 10,000 records, and at a clean stop, the index is saved atomically and the log emptied.
 */
final class Collection implements AutoCloseable {
  /** Log records between snapshots (the system property {@code embedkit.server.snapshotEvery} changes it). */
  static final int SNAPSHOT_EVERY = Integer.getInteger("embedkit.server.snapshotEvery", 10_000);

  /**
   * What a collection is made of.
   *
   * @param model the served model's name
   * @param index {@code hnsw} or {@code flat}
   * @param metric the metric
   * @param m HNSW links per node
   * @param efConstruction HNSW build beam
   */
  record Config(String model, String index, Metric metric, int m, int efConstruction) {
    JsonObject json() {
      JsonObject o = new JsonObject();
      o.addProperty("model", model);
      o.addProperty("index", index);
      o.addProperty("metric", metric.name().toLowerCase(java.util.Locale.ROOT));
      o.addProperty("m", m);
      o.addProperty("ef_construction", efConstruction);
      return o;
    }

    static Config of(JsonObject o) {
      return new Config(o.get("model").getAsString(), o.get("index").getAsString(),
          Metric.parse(o.get("metric").getAsString()), o.get("m").getAsInt(), o.get("ef_construction").getAsInt());
    }
  }

  /** One item to upsert, embedded already. */
  record Item(String id, float[] vector, String text, Map<String, Object> metadata) {}

  final String name;
  final Config config;
  private final Path dir;
  private final VectorIndex index;
  private final io.embedkit.keyword.LuceneKeywordIndex keywords;
  private final WriteAheadLog wal;
  private final ReentrantLock writes = new ReentrantLock();

  private Collection(String name, Config config, Path dir, VectorIndex index, WriteAheadLog wal) {
    this.name = name;
    this.config = config;
    this.dir = dir;
    this.index = index;
    this.wal = wal;
    this.keywords = keywordsOf(index);
  }

  /**
   * The keyword (BM25) index of the items' texts, kept in memory beside the vectors and rebuilt from the texts
   * the vector index stores when the collection opens: it needs no files of its own to be as durable.
   */
  private static io.embedkit.keyword.LuceneKeywordIndex keywordsOf(VectorIndex index) {
    io.embedkit.keyword.LuceneKeywordIndex keywords = io.embedkit.keyword.LuceneKeywordIndex.create();
    for (String id : index.ids(null)) {
      String text = index.text(id).orElse(null);
      if (text != null) {
        keywords.add(id, text, index.metadata(id).orElse(Map.of()));
      }
    }
    return keywords;
  }

  static Collection open(String name, Path dir, Config config, EmbeddingSpace space) throws IOException {
    Path snapshot = dir.resolve("snapshot.idx");
    VectorIndex index;
    if (Files.exists(snapshot)) {
      index = Indexes.load(snapshot);
    } else if (config.index().equals("flat")) {
      index = FlatIndex.create(space.dimension(), config.metric());
    } else {
      index = HnswIndex.create(HnswConfig.of(space.dimension(), config.metric()).withGraph(config.m(),
          config.efConstruction()));
    }
    index.bindSpace(space);
    VectorIndex target = index;
    WriteAheadLog wal = WriteAheadLog.open(dir.resolve("wal.log"), json -> apply(target, json));
    return new Collection(name, config, dir, index, wal);
  }

  VectorIndex index() {
    return index;
  }

  io.embedkit.core.KeywordIndex keywords() {
    return keywords;
  }

  /** Logs, forces to disk and applies upserts; returns when they are durable. */
  void upsert(List<Item> items) throws IOException {
    String record = record(items);
    writes.lock();
    try {
      for (Item it : items) { // validated by the index before anything is logged
        io.embedkit.core.Vectors.check(it.vector(), index.dimension(), "vector of item '" + it.id() + "'");
      }
      wal.append(record);
      for (Item it : items) {
        index.add(it.id(), it.vector(), it.text(), it.metadata());
        if (it.text() != null) {
          keywords.add(it.id(), it.text(), it.metadata());
        } else {
          keywords.remove(it.id());
        }
      }
      maybeSnapshot();
    } finally {
      writes.unlock();
    }
  }

  /** Logs and applies a delete; returns whether the item was there. */
  boolean delete(String id) throws IOException {
    writes.lock();
    try {
      if (!index.contains(id)) {
        return false;
      }
      JsonObject o = new JsonObject();
      o.addProperty("op", "delete");
      o.addProperty("id", id);
      wal.append(o.toString());
      index.remove(id);
      keywords.remove(id);
      maybeSnapshot();
      return true;
    } finally {
      writes.unlock();
    }
  }

  private void maybeSnapshot() throws IOException {
    if (wal.records() >= SNAPSHOT_EVERY) {
      snapshot();
    }
  }

  /** Saves the index atomically, then empties the log (a crash between the two replays it: idempotent). */
  void snapshot() throws IOException {
    writes.lock();
    try {
      index.save(dir.resolve("snapshot.idx"));
      wal.truncate();
    } finally {
      writes.unlock();
    }
  }

  /** One log record for a whole request's items: a kill leaves all of them or none (one checksum covers them). */
  private static String record(List<Item> items) {
    JsonArray all = new JsonArray(items.size());
    for (Item it : items) {
      JsonObject o = new JsonObject();
      o.addProperty("id", it.id());
      JsonArray v = new JsonArray(it.vector().length);
      for (float f : it.vector()) {
        v.add(f); // Float.toString: the shortest decimal that reads back as the same float
      }
      o.add("vector", v);
      if (it.text() != null) {
        o.addProperty("text", it.text());
      }
      o.add("metadata", metadataJson(it.metadata()));
      all.add(o);
    }
    JsonObject r = new JsonObject();
    r.addProperty("op", "upsert");
    r.add("items", all);
    return r.toString();
  }

  static JsonObject metadataJson(Map<String, Object> meta) {
    JsonObject m = new JsonObject();
    meta.forEach((k, value) -> {
      if (value instanceof Number n) {
        m.addProperty(k, n); // a Double is written with its point or exponent, so it reads back as a double
      } else if (value instanceof Boolean b) {
        m.addProperty(k, b);
      } else {
        m.addProperty(k, value.toString());
      }
    });
    return m;
  }

  /** JSON metadata with its types: integers without a point are longs, other numbers doubles. */
  static Map<String, Object> metadataOf(JsonObject o, String where) {
    Map<String, Object> meta = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (!e.getValue().isJsonPrimitive()) {
        throw ApiException.badRequest("metadata", where + ": metadata '" + e.getKey() + "' must be a string, number"
            + " or boolean");
      }
      JsonPrimitive p = e.getValue().getAsJsonPrimitive();
      if (p.isBoolean()) {
        meta.put(e.getKey(), p.getAsBoolean());
      } else if (p.isNumber()) {
        meta.put(e.getKey(), io.embedkit.core.Metadata.number(p.getAsString()));
      } else {
        meta.put(e.getKey(), p.getAsString());
      }
    }
    return meta;
  }

  private static void apply(VectorIndex index, String json) {
    JsonObject r = JsonParser.parseString(json).getAsJsonObject();
    if (r.get("op").getAsString().equals("delete")) {
      index.remove(r.get("id").getAsString());
      return;
    }
    for (JsonElement e : r.getAsJsonArray("items")) {
      JsonObject o = e.getAsJsonObject();
      JsonArray a = o.getAsJsonArray("vector");
      float[] v = new float[a.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = a.get(i).getAsFloat();
      }
      index.add(o.get("id").getAsString(), v, o.has("text") ? o.get("text").getAsString() : null,
          metadataOf(o.getAsJsonObject("metadata"), "log"));
    }
  }


  JsonObject describe() {
    JsonObject o = config.json();
    o.addProperty("name", name);
    o.addProperty("dimension", index.dimension());
    o.addProperty("size", index.size());
    return o;
  }

  /** Snapshots (a clean stop leaves an empty log), then closes. */
  @Override
  public void close() throws IOException {
    snapshot();
    wal.close();
    index.close();
    keywords.close();
  }

  /** Closes without a snapshot, before the folder is deleted. */
  void discard() throws IOException {
    wal.close();
    index.close();
    keywords.close();
  }
}
