package io.embedkit.solr;

import io.embedkit.core.Checks;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.IndexAccessException;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.Vectors;
import io.embedkit.index.store.Payload;
import io.embedkit.index.store.SpaceBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * A {@link VectorIndex} whose vectors live in a SolrCloud collection: each item is a document with its id, its
 * vector in a {@code DenseVectorField} (Lucene's HNSW, the metric mapped to Solr's similarity), its metadata as
 * stored fields; searches are {@code {!knn}} queries across the shards, filters become filter queries (or are
 * applied to the hits when they are not built from {@link Filter}'s factories). Scores are converted back to
 * the metric's own (cosine, dot product, negated distance).
 *
 * <p>Adds are buffered and sent in batches; every read (search, size, contains, metadata, remove, save) first
 * sends them and makes them visible (a soft commit), so callers see their own writes at once. Thread-safe.
 * {@link #save} writes a small file pointing at the collection; {@link #load} reconnects to it.
 */
public final class SolrVectorIndex implements VectorIndex {
  /** The format name of saved pointer files. */
  public static final String FORMAT = "embedkit-solr";

  /** The newest pointer file version. */
  public static final int VERSION = 2; // 2: the space's fingerprint

  private static final int BATCH = 500;
  private static final int EF_SEARCH = 100;

  private final SolrIndexConfig config;
  private final SolrClient client;
  private final boolean ownsClient;
  private final SpaceBinding space;
  private final Object lock = new Object();
  private final List<SolrInputDocument> pending = new ArrayList<>();
  private boolean dirty;
  private volatile boolean closed;

  private SolrVectorIndex(SolrIndexConfig config, SolrClient client, boolean ownsClient) {
    this.config = config;
    this.client = client;
    this.ownsClient = ownsClient;
    this.space = new SpaceBinding(config.dimension());
  }

  /**
   * Connects to an existing collection and checks that its vector field has the configured dimension and
   * metric.
   *
   * @param config where and what
   * @return the index; closing it closes its client
   * @throws IndexAccessException if Solr cannot be reached or the collection is missing
   * @throws InvalidInputException if the collection's vector field differs from the configuration
   */
  public static SolrVectorIndex connect(SolrIndexConfig config) {
    SolrClient client = new CloudHttp2SolrClient.Builder(config.solrUrls()).build();
    try {
      return open(client, config, true);
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  /**
   * Connects to {@code solr://host:port/collection}, reading the dimension and metric from the collection's
   * schema.
   *
   * @param location the location
   * @return the index
   */
  public static SolrVectorIndex connect(String location) {
    String[] parts = SolrIndexConfig.parseLocation(location);
    SolrClient client = new CloudHttp2SolrClient.Builder(List.of(parts[0])).build();
    try {
      Map<String, Object> type = vectorType(client, parts[1]);
      SolrIndexConfig config = new SolrIndexConfig(List.of(parts[0]), parts[1],
          Integer.parseInt(String.valueOf(type.get("vectorDimension"))),
          SolrIndexConfig.metricOf(String.valueOf(type.getOrDefault("similarityFunction", "euclidean"))),
          Integer.parseInt(String.valueOf(type.getOrDefault("hnswMaxConnections", "16"))),
          Integer.parseInt(String.valueOf(type.getOrDefault("hnswBeamWidth", "100"))));
      return open(client, config, true);
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  /**
   * Uses a client the caller owns (and closes) for an existing collection.
   *
   * @param client a client of the cluster
   * @param config the collection and what its vectors are
   * @return the index; closing it leaves the client open
   */
  public static SolrVectorIndex open(SolrClient client, SolrIndexConfig config) {
    return open(client, config, false);
  }

  private static SolrVectorIndex open(SolrClient client, SolrIndexConfig config, boolean owns) {
    Map<String, Object> type = vectorType(client, config.collection());
    String dim = String.valueOf(type.get("vectorDimension"));
    String sim = String.valueOf(type.getOrDefault("similarityFunction", "euclidean"));
    if (!dim.equals(Integer.toString(config.dimension())) || SolrIndexConfig.metricOf(sim) != config.metric()) {
      throw new InvalidInputException("collection '" + config.collection() + "' holds vectors of dimension " + dim
          + " with similarity " + sim + ", not dimension " + config.dimension() + " with "
          + config.similarityFunction());
    }
    return new SolrVectorIndex(config, client, owns);
  }

  /** The attributes of the collection's {@code vector} field type. */
  private static Map<String, Object> vectorType(SolrClient client, String collection) {
    try {
      Map<String, Object> field = new SchemaRequest.Field("vector").process(client, collection).getField();
      if (field == null) {
        throw new InvalidInputException("collection '" + collection + "' has no 'vector' field: create it from"
            + " SolrConfigSet");
      }
      return new SchemaRequest.FieldType(String.valueOf(field.get("type"))).process(client, collection)
          .getFieldType().getAttributes();
    } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
      throw new IndexAccessException("cannot read the schema of Solr collection '" + collection + "': "
          + e.getMessage(), e);
    }
  }

  /**
   * Returns the configuration.
   *
   * @return where and what
   */
  public SolrIndexConfig config() {
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

  @Override
  public Optional<EmbeddingSpace> space() {
    return space.get();
  }

  @Override
  public void bindSpace(EmbeddingSpace s) {
    space.bind(s);
  }

  @Override
  public void add(String id, float[] vector, String text, Map<String, ?> metadata) {
    Checks.id(id);
    Vectors.check(vector, config.dimension(), "vector for id '" + id + "'");
    Payload payload = Payload.of(id, text, metadata);
    SolrInputDocument doc = new SolrInputDocument();
    doc.addField("id", id);
    List<Float> v = new ArrayList<>(vector.length);
    for (float f : vector) {
      v.add(f);
    }
    doc.addField("vector", v);
    doc.addField("metadata_json", SolrPayloads.toJson(payload));
    for (Map.Entry<String, Object> e : payload.metadata().entrySet()) {
      Object value = e.getValue();
      doc.addField(metaField(e.getKey(), value), value instanceof Long l ? (Object) l.doubleValue() : value);
    }
    synchronized (lock) {
      checkOpen();
      pending.add(doc);
      if (pending.size() >= BATCH) {
        send();
      }
    }
  }

  @Override
  public boolean remove(String id) {
    Checks.id(id);
    synchronized (lock) {
      if (get(id) == null) {
        return false;
      }
      try {
        client.deleteById(config.collection(), id);
      } catch (SolrServerException | IOException e) {
        throw failure("delete '" + id + "'", e);
      }
      dirty = true;
      return true;
    }
  }

  @Override
  public boolean contains(String id) {
    return get(Checks.id(id)) != null;
  }

  @Override
  public Optional<Map<String, Object>> metadata(String id) {
    SolrDocument doc = get(Checks.id(id));
    return doc == null ? Optional.empty() : Optional.of(payload(doc).metadata());
  }

  @Override
  public Optional<String> text(String id) {
    SolrDocument doc = get(Checks.id(id));
    return doc == null ? Optional.empty() : Optional.ofNullable(payload(doc).text());
  }

  /**
   * Returns the vector stored under an id; empty also for collections whose configset does not store
   * vectors (those made before vectors were stored).
   */
  @Override
  public Optional<float[]> vector(String id) {
    SolrDocument doc = get(Checks.id(id));
    Object v = doc == null ? null : doc.getFieldValue("vector");
    if (!(v instanceof List<?> list)) {
      return Optional.empty();
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return Optional.of(out);
  }

  @Override
  public List<String> ids(Filter filter) {
    visible();
    Optional<String> fq = filter == null ? Optional.of("") : FilterQueries.translate(filter);
    List<String> out = new ArrayList<>();
    String cursor = "*";
    while (true) {
      SolrQuery q = new SolrQuery("*:*");
      q.setRows(1000);
      q.setSort("id", SolrQuery.ORDER.asc);
      q.setFields("id", "metadata_json");
      q.set("cursorMark", cursor);
      if (fq.isPresent() && !fq.get().isEmpty()) {
        q.addFilterQuery(fq.get());
      }
      QueryResponse r;
      try {
        r = client.query(config.collection(), q);
      } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
        throw failure("list ids", e);
      }
      for (SolrDocument d : r.getResults()) {
        String id = (String) d.getFieldValue("id");
        if (fq.isPresent() || filter.accept(id, payload(d).metadata())) {
          out.add(id);
        }
      }
      if (cursor.equals(r.getNextCursorMark())) {
        return out;
      }
      cursor = r.getNextCursorMark();
    }
  }

  @Override
  public List<SearchHit> search(float[] query, int k, Filter filter) {
    Checks.k(k);
    Vectors.check(query, config.dimension(), "query");
    visible();
    Optional<String> fq = filter == null ? Optional.of("") : FilterQueries.translate(filter);
    // Lucene's HNSW explores as many candidates as topK asks for: ask for at least efSearch, return k
    int want = Math.max(k, EF_SEARCH);
    List<SearchHit> hits;
    if (fq.isPresent()) {
      hits = knn(query, want, fq.get(), null, k);
    } else {
      // a filter Solr cannot express: fetch more hits until enough pass it, or Solr has no more
      for (int fetch = Math.max(4 * k, want); ; fetch = (int) Math.min(Integer.MAX_VALUE / 2, fetch * 4L)) {
        int[] returned = new int[1];
        hits = knn(query, fetch, "", filter, k, returned);
        if (hits.size() >= k || returned[0] < fetch) {
          break;
        }
      }
    }
    if (hits.isEmpty() && size() == 0) { // counted only when nothing came back
      throw new EmptyIndexException();
    }
    return hits;
  }

  private List<SearchHit> knn(float[] query, int topK, String fq, Filter post, int k) {
    return knn(query, topK, fq, post, k, new int[1]);
  }

  /** One knn request; {@code returned[0]} receives how many documents Solr sent before {@code post} filtered. */
  private List<SearchHit> knn(float[] query, int topK, String fq, Filter post, int k, int[] returned) {
    StringBuilder q = new StringBuilder("{!knn f=vector topK=").append(topK).append("}[");
    for (int i = 0; i < query.length; i++) {
      q.append(i == 0 ? "" : ",").append(query[i]);
    }
    SolrQuery solrQuery = new SolrQuery(q.append(']').toString());
    solrQuery.setRows(post == null ? k : topK);
    solrQuery.setFields("id", "score", "metadata_json");
    if (!fq.isEmpty()) {
      solrQuery.addFilterQuery(fq);
    }
    QueryResponse response;
    try {
      response = client.query(config.collection(), solrQuery);
    } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
      throw failure("search", e);
    }
    List<SearchHit> hits = new ArrayList<>();
    returned[0] = response.getResults().size();
    for (SolrDocument d : response.getResults()) {
      String id = (String) d.getFieldValue("id");
      Payload p = payload(d);
      if (post != null && !post.accept(id, p.metadata())) {
        continue;
      }
      float score = toScore(((Number) d.getFieldValue("score")).floatValue());
      hits.add(new SearchHit(id, score, config.metric().scoreToDistance(score), p.metadata(), p.text()));
      if (hits.size() == k) {
        break;
      }
    }
    // shards answer separately: order ties by id so the result does not depend on which answered first
    hits.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : a.id().compareTo(b.id()));
    return hits;
  }

  /** Solr's knn score back to the metric's score (Lucene's similarity functions inverted). */
  float toScore(float solr) {
    switch (config.metric()) {
      case COSINE:
        return Math.max(-1f, Math.min(1f, 2 * solr - 1));
      case DOT:
        return solr < 1 ? 1 - 1 / solr : solr - 1;
      default:
        return -(float) Math.sqrt(Math.max(0, 1 / (double) solr - 1));
    }
  }

  @Override
  public int size() {
    visible();
    SolrQuery q = new SolrQuery("*:*");
    q.setRows(0);
    try {
      return Math.toIntExact(client.query(config.collection(), q).getResults().getNumFound());
    } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
      throw failure("count", e);
    }
  }

  @Override
  public void save(Path path) throws IOException {
    visible();
    SolrPointerFile.write(path, config, space);
  }

  /**
   * Reconnects to the collection a file saved by {@link #save} points at.
   *
   * @param path the file
   * @return the index
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is truncated, altered or foreign
   */
  public static SolrVectorIndex load(Path path) throws IOException {
    SolrPointerFile pointer = SolrPointerFile.read(path);
    SolrVectorIndex index = connect(pointer.config());
    pointer.space().ifPresent(index::bindSpace);
    return index;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        send();
      } finally {
        closed = true;
        if (ownsClient) {
          closeQuietly(client);
        }
      }
    }
  }

  /** Sends buffered adds and makes every change searchable. */
  private void visible() {
    synchronized (lock) {
      checkOpen();
      send();
      if (dirty) {
        try {
          client.commit(config.collection(), true, true, true);
        } catch (SolrServerException | IOException e) {
          throw failure("commit", e);
        }
        dirty = false;
      }
    }
  }

  private void send() {
    if (pending.isEmpty()) {
      return;
    }
    try {
      client.add(config.collection(), new ArrayList<>(pending));
    } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
      throw failure("add " + pending.size() + " documents", e);
    } finally {
      pending.clear();
    }
    dirty = true;
  }

  private SolrDocument get(String id) {
    synchronized (lock) {
      checkOpen();
      send();
    }
    try {
      return client.getById(config.collection(), id);
    } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
      throw failure("get '" + id + "'", e);
    }
  }

  private static Payload payload(SolrDocument doc) {
    return SolrPayloads.fromJson(doc.getFieldValue("metadata_json"), String.valueOf(doc.getFieldValue("id")));
  }

  /**
   * The indexed field of a metadata key and value type: strings in {@code meta_KEY}, numbers (longs and
   * doubles, as doubles) in {@code metan_KEY}, booleans in {@code metab_KEY}; keys of other characters than
   * letters, digits and '_' as the hex of their UTF-8 bytes after {@code metax_}, {@code metanx_}, {@code metabx_}.
   */
  static String metaField(String key, Object value) {
    String prefix = value instanceof String ? "meta" : value instanceof Boolean ? "metab" : "metan";
    return key.matches("[A-Za-z0-9_]+") ? prefix + "_" + key
        : prefix + "x_" + HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8));
  }

  static String escape(String value) {
    return ClientUtils.escapeQueryChars(value);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Solr index of collection '" + config.collection() + "' is closed");
    }
  }

  private RuntimeException failure(String what, Exception e) {
    return new IndexAccessException("Solr collection '" + config.collection() + "': cannot " + what + ": "
        + e.getMessage(), e);
  }

  private static void closeQuietly(SolrClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
