package io.embedkit.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelMemoryException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embeddings service with OpenAI's embeddings API ({@code POST /v1/embeddings}, {@code GET /v1/models}),
 * so any OpenAI client embeds with embedkit's models unchanged; texts of concurrent requests are batched
 * together. Images and audio go in as {@code data:} URLs to models that take them. Also {@code GET /health}
 * and {@code GET /metrics} (Prometheus text); with a data folder, durable collections ({@code /collections}) and a
 * search page at {@code /}. Listens on loopback unless told otherwise; an API key, when set,
 * is required as {@code Authorization: Bearer KEY}. Closing it finishes the requests in flight, then stops.
 *
 * <pre>{@code
 * try (EmbeddingServer server = EmbeddingServer.builder()
 *     .model("minilm", Encoders.open("minilm", String.class)).port(8080).build().start()) {
 *   // POST http://127.0.0.1:8080/v1/embeddings {"model": "minilm", "input": "hello"}
 * }
 * }</pre>
 */
public final class EmbeddingServer implements AutoCloseable {
  private static final Set<String> EMBEDDING_FIELDS = Set.of("model", "input", "encoding_format", "dimensions",
      "user");

  /**
   * Bounds on what one request may ask and how requests are batched.
   *
   * @param maxBodyBytes the largest request body
   * @param maxInputs the most inputs in one request
   * @param maxInputChars the longest text input, in characters (checked first, before tokenizing)
   * @param maxInputTokens the most tokens in one text input, as the model's tokenizer counts them (special
   *     tokens included); a longer text is refused, not cut
   * @param timeoutSeconds how long a request may wait for its vectors
   * @param maxBatch the most texts embedded in one batch
   * @param maxWaitMicros how long a batch waits for more requests while some are arriving
   * @param maxQueued the most texts waiting per model before requests get 429
   */
  public record Limits(long maxBodyBytes, int maxInputs, int maxInputChars, int maxInputTokens, int timeoutSeconds,
      int maxBatch, long maxWaitMicros, int maxQueued) {
    /**
     * The defaults: 32 MiB bodies, 2,048 inputs, 100,000 characters and 8,192 tokens per input (OpenAI's limit),
     * 60 s, batches of 64, 2 ms, 8,192 queued.
     */
    public static final Limits DEFAULT = new Limits(32L << 20, 2048, 100_000, 8192, 60, 64, 2000, 8192);
  }

  private final Map<String, ServedModel> models;
  private final String host;
  private final int requestedPort;
  private final byte[] apiKey;
  private final Limits limits;
  private final Metrics metrics = new Metrics();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final long created = System.currentTimeMillis() / 1000;
  private final java.nio.file.Path dataDir;
  private Collections collections;
  private volatile boolean closing;
  private Javalin app;

  private EmbeddingServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.apiKey = b.apiKey == null ? null : b.apiKey.getBytes(StandardCharsets.UTF_8);
    this.limits = b.limits;
    this.dataDir = b.dataDir;
    Map<String, ServedModel> m = new LinkedHashMap<>();
    b.encoders.forEach((name, list) -> m.put(name, ServedModel.of(name, list, b.workers, limits, metrics)));
    this.models = m;
  }

  /**
   * Returns a builder.
   *
   * @return a builder for 127.0.0.1, port 8080, no API key, the default limits
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a server. */
  public static final class Builder {
    private final Map<String, List<Encoder<?>>> encoders = new LinkedHashMap<>();
    private String host = "127.0.0.1";
    private int port = 8080;
    private String apiKey;
    private Limits limits = Limits.DEFAULT;
    private int workers = 1;
    private java.nio.file.Path dataDir;

    private Builder() {}

    /**
     * Keeps durable collections in a folder ({@code /collections/...}); without it there are none.
     *
     * @param dataDir the folder, created if absent
     * @return this builder
     */
    public Builder dataDir(java.nio.file.Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Serves an encoder under a name; call again with the same name to add a CLIP model's other tower.
     * The server takes ownership and closes it.
     *
     * @param name the model name requests give
     * @param encoder a text, image or audio encoder
     * @return this builder
     */
    public Builder model(String name, Encoder<?> encoder) {
      encoders.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
          .add(Objects.requireNonNull(encoder, "encoder"));
      return this;
    }

    /**
     * Sets the address to listen on.
     *
     * @param host e.g. {@code 127.0.0.1} (the default) or {@code 0.0.0.0}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the port.
     *
     * @param port the port, or 0 for any free one
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Requires an API key.
     *
     * @param apiKey the key, or null for none
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
      return this;
    }

    /**
     * Sets the limits.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets how many dynamic batches of one model run at once (default 1). One batch on all cores gives the
     * lowest latency; on few cores, two batches with one native thread each (encoders opened with
     * {@code threads} 1) gave 10% more throughput under load and a slower single request.
     *
     * @param workers batches at once, 1 to 64
     * @return this builder
     * @throws InvalidInputException out of range
     */
    public Builder workers(int workers) {
      if (workers < 1 || workers > 64) {
        throw new InvalidInputException("workers must be 1 to 64, was " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Builds the server, not yet listening.
     *
     * @return the server
     * @throws InvalidInputException without a model
     */
    public EmbeddingServer build() {
      if (encoders.isEmpty()) {
        throw new InvalidInputException("the server needs at least one model");
      }
      return new EmbeddingServer(this);
    }
  }

  /**
   * Starts listening.
   *
   * @return this server
   */
  public EmbeddingServer start() {
    if (dataDir != null) {
      try {
        collections = new Collections(dataDir, models);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("data folder " + dataDir + ": " + e.getMessage(), e);
      }
    }
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = host;
      config.jetty.port = requestedPort;
      config.http.maxRequestSize = limits.maxBodyBytes();
      config.routes.before(this::admit);
      config.routes.after(ctx -> finish(ctx));
      config.routes.post("/v1/embeddings", this::embeddings);
      config.routes.get("/v1/models", this::listModels);
      config.routes.get("/v1/models/{id}", this::getModel);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page()));
      config.routes.get("/health", ctx -> json(ctx, health()));
      config.routes.put("/collections/{name}", this::createCollection);
      config.routes.get("/collections", this::listCollections);
      config.routes.get("/collections/{name}", ctx -> json(ctx, collections().get(ctx.pathParam("name")).describe()));
      config.routes.delete("/collections/{name}", this::deleteCollection);
      config.routes.post("/collections/{name}/items", this::upsertItems);
      config.routes.delete("/collections/{name}/items/{id}", this::deleteItem);
      config.routes.get("/collections/{name}/items/{id}", this::getItem);
      config.routes.post("/collections/{name}/search", this::searchCollection);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.text()));
      config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, new ApiException(e.getStatus(),
          e.getStatus() < 500 ? "invalid_request_error" : "server_error", null, e.getStatus() == 413
          ? "request_too_large" : null, e.getStatus() == 413 ? "the request body is larger than "
          + limits.maxBodyBytes() + " bytes" : e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> error(ctx, internal(e)));
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
          error(ctx, new ApiException(404, "invalid_request_error", null, "not_found", "no route "
              + ctx.method() + " " + ctx.path()));
        }
      });
      config.routes.error(405, ctx -> error(ctx, new ApiException(405, "invalid_request_error", null, null,
          "method " + ctx.method() + " is not allowed on " + ctx.path())));
    }).start();
    return this;
  }

  /**
   * Returns the port it listens on.
   *
   * @return the port
   */
  public int port() {
    return app.port();
  }

  /**
   * Returns the base URL OpenAI clients take, e.g. {@code http://127.0.0.1:8080/v1}.
   *
   * @return the URL
   */
  public String baseUrl() {
    String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return "http://" + h + ":" + port() + "/v1";
  }

  private static final String STARTED = "embedkit.started";

  private void admit(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    inFlight.incrementAndGet();
    ctx.attribute("embedkit.counted", Boolean.TRUE);
    if (closing) {
      throw new ApiException(503, "server_error", null, "shutting_down", "the server is shutting down");
    }
    if (apiKey != null && (ctx.path().startsWith("/v1/") || ctx.path().startsWith("/collections"))) {
      String auth = ctx.header("Authorization");
      byte[] given = auth != null && auth.startsWith("Bearer ")
          ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
      if (!MessageDigest.isEqual(given, apiKey)) { // constant time for keys of equal length
        throw new ApiException(401, "invalid_request_error", null, "invalid_api_key",
            auth == null ? "missing API key: send Authorization: Bearer KEY" : "incorrect API key");
      }
    }
  }

  private void finish(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started != null) {
      metrics.request(route(ctx.path()), ctx.statusCode(), System.nanoTime() - started);
    }
    if (ctx.attribute("embedkit.counted") != null) {
      ctx.attribute("embedkit.counted", null);
      inFlight.decrementAndGet();
    }
  }

  private static String route(String path) {
    if (path.startsWith("/collections")) {
      return path.endsWith("/search") ? "/collections/{name}/search" : path.contains("/items")
          ? "/collections/{name}/items" : "/collections";
    }
    return path.startsWith("/v1/models/") ? "/v1/models/{id}" : switch (path) {
      case "/v1/embeddings", "/v1/models", "/health", "/metrics" -> path;
      default -> "other";
    };
  }

  private void embeddings(Context ctx) {
    JsonObject body = parseObject(ctx);
    for (String field : body.keySet()) {
      if (!EMBEDDING_FIELDS.contains(field)) {
        throw ApiException.badRequest(field, "unknown field '" + field + "' (known: " + new java.util.TreeSet<>(
            EMBEDDING_FIELDS) + ")");
      }
    }
    String modelName = string(body, "model", true);
    ServedModel model = models.get(modelName);
    if (model == null) {
      throw new ApiException(404, "invalid_request_error", "model", "model_not_found", "the model '" + modelName
          + "' does not exist; this server has " + models.keySet());
    }
    String format = string(body, "encoding_format", false);
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw ApiException.badRequest("encoding_format", "encoding_format must be 'float' or 'base64', was '"
          + format + "'");
    }
    Integer dimensions = null;
    if (body.has("dimensions") && !body.get("dimensions").isJsonNull()) {
      dimensions = integer(body.get("dimensions"), "dimensions");
      int dim = model.space().dimension();
      if (dimensions < 1 || dimensions > dim) {
        throw ApiException.badRequest("dimensions", "dimensions must be 1 to " + dim + " for '" + modelName
            + "', was " + dimensions);
      }
    }
    List<String> inputs = inputs(body);
    long tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      if (!inputs.get(i).startsWith("data:")) {
        tokens += tokens(model, inputs.get(i), "input", "input[" + i + "]");
      }
    }
    float[][] vectors = embed(model, inputs);
    boolean base64 = "base64".equals(format);
    boolean normalized = model.space().normalized();
    StringBuilder json = new StringBuilder(64 + vectors.length * (base64 ? 2100 : 4200));
    json.append("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < vectors.length; i++) {
      float[] v = dimensions == null ? vectors[i] : truncate(vectors[i], dimensions, normalized);
      json.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":");
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        json.append('"').append(Base64.getEncoder().encodeToString(buf.array())).append('"');
      } else {
        json.append('[');
        for (int d = 0; d < v.length; d++) {
          json.append(d == 0 ? "" : ",").append(v[d]); // Float.toString: the shortest decimal of the float
        }
        json.append(']');
      }
      json.append('}');
    }
    json.append("],\"model\":").append(new JsonPrimitive(modelName)).append(",\"usage\":{\"prompt_tokens\":")
        .append(tokens).append(",\"total_tokens\":").append(tokens).append("}}");
    // written here, not after the handlers: the request counts as in flight until its vectors are sent
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    ctx.status(200);
    ctx.res().setContentType("application/json");
    ctx.res().setContentLength(bytes.length);
    try {
      ctx.res().getOutputStream().write(bytes);
      ctx.res().flushBuffer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // the client went away
    }
  }

  /**
   * Counts a text's tokens with the model's tokenizer.
   *
   * @throws ApiException 413 naming {@code where} when there are more than the limit
   */
  private int tokens(ServedModel model, String text, String field, String where) {
    int n = model.tokens(text);
    if (n > limits.maxInputTokens()) {
      throw ApiException.tooLarge(field, where + " has " + n + " tokens; at most " + limits.maxInputTokens());
    }
    return n;
  }

  /** Embeds inputs in order: texts through the model's batcher, data: URLs through its file encoders. */
  private float[][] embed(ServedModel model, List<String> inputs) {
    List<Integer> textAt = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    float[][] vectors = new float[inputs.size()][];
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      if (in.startsWith("data:")) {
        vectors[i] = embedFile(model, in, i);
      } else {
        if (model.text == null) {
          throw ApiException.badRequest("input", "the model '" + model.name + "' takes " + model.kinds()
              + " as data: URLs, not text (input[" + i + "])");
        }
        textAt.add(i);
        texts.add(in);
      }
    }
    if (!texts.isEmpty()) {
      model.batcher.arriving();
      List<float[]> out = await(model.batcher.submit(texts));
      for (int j = 0; j < textAt.size(); j++) {
        vectors[textAt.get(j)] = out.get(j);
      }
    }
    return vectors;
  }

  /** Matryoshka: the first components, renormalised when the model's vectors are unit vectors. */
  static float[] truncate(float[] v, int dimensions, boolean normalized) {
    float[] out = java.util.Arrays.copyOf(v, dimensions);
    if (normalized) {
      io.embedkit.core.Vectors.normalizeInPlace(out);
    }
    return out;
  }

  private float[] embedFile(ServedModel model, String dataUrl, int i) {
    int comma = dataUrl.indexOf(',');
    String head = comma < 0 ? "" : dataUrl.substring(5, comma).toLowerCase(Locale.ROOT);
    if (comma < 0 || !head.endsWith(";base64")) {
      throw ApiException.badRequest("input", "input[" + i + "] is a data: URL without ';base64,' data");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(dataUrl.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("input", "input[" + i + "]: the base64 data does not decode: " + e.getMessage());
    }
    String mime = head.substring(0, head.length() - ";base64".length());
    try {
      if (mime.startsWith("image/") && model.image != null) {
        return model.image.encode(bytes);
      }
      if (mime.startsWith("audio/") && model.audio != null) {
        return model.audio.encode(bytes);
      }
    } catch (InvalidInputException e) {
      throw ApiException.badRequest("input", "input[" + i + "]: " + e.getMessage());
    }
    throw ApiException.badRequest("input", "input[" + i + "] is " + (mime.isEmpty() ? "data" : mime)
        + ", which the model '" + model.name + "' does not take (it takes " + model.kinds() + ")");
  }

  private List<float[]> await(CompletableFuture<List<float[]>> done) {
    try {
      return done.get(limits.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      done.cancel(false);
      throw new ApiException(504, "server_error", null, "timeout", "the vectors were not ready within "
          + limits.timeoutSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "server_error", null, null, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidInputException iie) {
        throw ApiException.badRequest("input", iie.getMessage());
      }
      throw internal(cause);
    }
  }

  private List<String> inputs(JsonObject body) {
    JsonElement input = body.get("input");
    if (input == null || input.isJsonNull()) {
      throw ApiException.badRequest("input", "'input' is required: a string or an array of strings");
    }
    List<String> out = new ArrayList<>();
    if (input.isJsonPrimitive() && input.getAsJsonPrimitive().isString()) {
      out.add(input.getAsString());
    } else if (input.isJsonArray()) {
      JsonArray a = input.getAsJsonArray();
      if (a.size() > limits.maxInputs()) {
        throw ApiException.tooLarge("input", "'input' has " + a.size() + " items; at most " + limits.maxInputs()
            + " per request");
      }
      for (int i = 0; i < a.size(); i++) {
        JsonElement e = a.get(i);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw ApiException.badRequest("input", "input[" + i + "] is " + (e.isJsonArray() || (e.isJsonPrimitive()
              && e.getAsJsonPrimitive().isNumber()) ? "token ids, which this server does not take: send text"
              : "not a string"));
        }
        out.add(e.getAsString());
      }
    } else {
      throw ApiException.badRequest("input", "'input' must be a string or an array of strings");
    }
    if (out.isEmpty()) {
      throw ApiException.badRequest("input", "'input' is an empty array");
    }
    for (int i = 0; i < out.size(); i++) {
      String s = out.get(i);
      if (s.isEmpty()) {
        throw ApiException.badRequest("input", "input[" + i + "] is an empty string");
      }
      if (!s.startsWith("data:") && s.length() > limits.maxInputChars()) {
        throw ApiException.tooLarge("input", "input[" + i + "] has " + s.length() + " characters; at most "
            + limits.maxInputChars());
      }
    }
    return out;
  }

  private static JsonObject parseObject(Context ctx) {
    String text = ctx.body();
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (RuntimeException ex) {
      String where = ex.getMessage() == null ? "" : ex.getMessage().replaceAll("(?s).*?( at line \\d+ column \\d+).*", "$1");
      throw ApiException.badRequest(null, "the body is not JSON" + (where.startsWith(" at line") ? where : ""));
    }
    if (!e.isJsonObject()) {
      throw ApiException.badRequest(null, "the body must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonObject body, String field, boolean required) {
    JsonElement e = body.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw ApiException.badRequest(field, "'" + field + "' is required");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw ApiException.badRequest(field, "'" + field + "' must be a string");
    }
    return e.getAsString();
  }

  private static int integer(JsonElement e, String field) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw ApiException.badRequest(field, "'" + field + "' must be an integer");
    }
    try {
      return new java.math.BigDecimal(e.getAsString()).intValueExact();
    } catch (ArithmeticException | NumberFormatException ex) {
      throw ApiException.badRequest(field, "'" + field + "' must be an integer, was " + e.getAsString());
    }
  }

  private static byte[] page;

  /** The search page: plain HTML and JavaScript over the collections API, no build step. */
  private static synchronized byte[] page() throws java.io.IOException {
    if (page == null) {
      try (java.io.InputStream in = EmbeddingServer.class.getResourceAsStream("index.html")) {
        page = in.readAllBytes();
      }
    }
    return page;
  }

  private Collections collections() {
    if (collections == null) {
      throw new ApiException(404, "invalid_request_error", null, "no_collections", "this server keeps no"
          + " collections: start it with --data DIR");
    }
    return collections;
  }

  private void createCollection(Context ctx) throws java.io.IOException {
    JsonObject body = parseObject(ctx);
    known(body, Set.of("model", "index", "metric", "m", "ef_construction"));
    String model = string(body, "model", true);
    if (!models.containsKey(model)) {
      throw new ApiException(404, "invalid_request_error", "model", "model_not_found", "the model '" + model
          + "' does not exist; this server has " + models.keySet());
    }
    String index = body.has("index") ? string(body, "index", true) : "hnsw";
    if (!index.equals("hnsw") && !index.equals("flat")) {
      throw ApiException.badRequest("index", "index must be 'hnsw' or 'flat', was '" + index + "'");
    }
    io.embedkit.core.Metric metric;
    try {
      metric = io.embedkit.core.Metric.parse(body.has("metric") ? string(body, "metric", true) : "cosine");
    } catch (InvalidInputException e) {
      throw ApiException.badRequest("metric", e.getMessage());
    }
    int m = body.has("m") ? integer(body.get("m"), "m") : 16;
    int efc = body.has("ef_construction") ? integer(body.get("ef_construction"), "ef_construction") : 200;
    Collection.Config config = new Collection.Config(model, index, metric, m, efc);
    try {
      if (index.equals("hnsw")) {
        new io.embedkit.index.hnsw.HnswConfig(models.get(model).space().dimension(), metric, m, efc, 100, 42L);
      }
    } catch (InvalidInputException e) {
      throw ApiException.badRequest(null, e.getMessage());
    }
    boolean existed;
    Collection c;
    synchronized (this) {
      existed = collections().exists(ctx.pathParam("name"));
      c = collections().create(ctx.pathParam("name"), config);
    }
    ctx.status(existed ? 200 : 201);
    json(ctx, c.describe());
  }

  private void listCollections(Context ctx) {
    JsonArray data = new JsonArray();
    collections().describe().forEach(data::add);
    JsonObject o = new JsonObject();
    o.add("data", data);
    json(ctx, o);
  }

  private void deleteCollection(Context ctx) throws java.io.IOException {
    if (!collections().delete(ctx.pathParam("name"))) {
      throw new ApiException(404, "invalid_request_error", "name", "collection_not_found", "no collection '"
          + ctx.pathParam("name") + "'");
    }
    JsonObject o = new JsonObject();
    o.addProperty("deleted", true);
    json(ctx, o);
  }

  private static final Set<String> CONTENT = Set.of("text", "image", "audio", "vector");

  /** The one content field of an item or a query: text, image or audio (data: URLs) or vector. */
  private static String contentField(JsonObject o, String where) {
    List<String> given = new ArrayList<>();
    for (String f : CONTENT) {
      if (o.has(f) && !o.get(f).isJsonNull()) {
        given.add(f);
      }
    }
    if (given.size() != 1) {
      throw ApiException.badRequest(null, where + " needs exactly one of text, image, audio or vector, has "
          + given);
    }
    return given.get(0);
  }

  private float[] content(Collection c, JsonObject o, String field, String where) {
    ServedModel model = models.get(c.config.model());
    if (field.equals("vector")) {
      JsonElement v = o.get("vector");
      if (!v.isJsonArray()) {
        throw ApiException.badRequest("vector", where + ": 'vector' must be an array of numbers");
      }
      JsonArray a = v.getAsJsonArray();
      float[] out = new float[a.size()];
      for (int i = 0; i < out.length; i++) {
        JsonElement x = a.get(i);
        if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
          throw ApiException.badRequest("vector", where + ": vector[" + i + "] is not a number");
        }
        out[i] = x.getAsFloat();
      }
      if (out.length != c.index().dimension()) {
        throw ApiException.badRequest("vector", where + ": the vector has " + out.length + " numbers; the collection"
            + " holds " + c.index().dimension());
      }
      return out;
    }
    String value = string(o, field, true);
    if (!field.equals("text") && !value.startsWith("data:")) {
      throw ApiException.badRequest(field, where + ": '" + field + "' must be a data: URL");
    }
    if (field.equals("text") && value.isEmpty()) {
      throw ApiException.badRequest("text", where + ": 'text' is empty");
    }
    if (field.equals("text")) {
      tokens(model, value, "text", where + ": 'text'");
    }
    return embed(model, List.of(value))[0];
  }

  private void upsertItems(Context ctx) throws java.io.IOException {
    Collection c = collections().get(ctx.pathParam("name"));
    JsonObject body = parseObject(ctx);
    known(body, Set.of("items"));
    JsonElement items = body.get("items");
    if (items == null || !items.isJsonArray() || items.getAsJsonArray().isEmpty()) {
      throw ApiException.badRequest("items", "'items' must be a non-empty array");
    }
    JsonArray a = items.getAsJsonArray();
    if (a.size() > limits.maxInputs()) {
      throw ApiException.tooLarge("items", "'items' has " + a.size() + "; at most " + limits.maxInputs());
    }
    // texts are embedded together (batched with other requests); the rest one by one
    List<Collection.Item> out = new ArrayList<>(a.size());
    List<String> texts = new ArrayList<>();
    List<Integer> textAt = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    float[][] vectors = new float[a.size()][];
    List<JsonObject> objects = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String where = "items[" + i + "]";
      if (!a.get(i).isJsonObject()) {
        throw ApiException.badRequest("items", where + " is not an object");
      }
      JsonObject o = a.get(i).getAsJsonObject();
      known(o, Set.of("id", "text", "image", "audio", "vector", "metadata"));
      String id = string(o, "id", true);
      if (id.isBlank() || !ids.add(id)) {
        throw ApiException.badRequest("id", where + ": id '" + id + "' is " + (id.isBlank() ? "blank" : "repeated"));
      }
      String field = contentField(o, where);
      if (field.equals("text")) {
        String t = string(o, "text", true);
        if (t.isEmpty() || t.length() > limits.maxInputChars()) {
          throw (t.isEmpty() ? ApiException.badRequest("text", where + ": 'text' is empty")
              : ApiException.tooLarge("text", where + ": 'text' has " + t.length() + " characters; at most "
              + limits.maxInputChars()));
        }
        tokens(models.get(c.config.model()), t, "text", where + ": 'text'");
        texts.add(t);
        textAt.add(i);
      } else {
        vectors[i] = content(c, o, field, where);
      }
      objects.add(o);
    }
    if (!texts.isEmpty()) {
      float[][] tv = embed(models.get(c.config.model()), texts);
      for (int j = 0; j < textAt.size(); j++) {
        vectors[textAt.get(j)] = tv[j];
      }
    }
    for (int i = 0; i < objects.size(); i++) {
      JsonObject o = objects.get(i);
      java.util.Map<String, Object> meta = o.has("metadata") && !o.get("metadata").isJsonNull()
          ? metadata(o.get("metadata"), "items[" + i + "]") : java.util.Map.of();
      try {
        meta = io.embedkit.core.Metadata.of(o.get("id").getAsString(), meta);
      } catch (InvalidInputException e) {
        throw ApiException.badRequest("metadata", e.getMessage());
      }
      out.add(new Collection.Item(o.get("id").getAsString(), vectors[i],
          o.has("text") && !o.get("text").isJsonNull() ? o.get("text").getAsString() : null, meta));
    }
    c.upsert(out); // durable when this returns
    JsonObject r = new JsonObject();
    r.addProperty("upserted", out.size());
    json(ctx, r);
  }

  private static java.util.Map<String, Object> metadata(JsonElement e, String where) {
    if (!e.isJsonObject()) {
      throw ApiException.badRequest("metadata", where + ": 'metadata' must be an object");
    }
    return Collection.metadataOf(e.getAsJsonObject(), where);
  }

  private void getItem(Context ctx) {
    Collection c = collections().get(ctx.pathParam("name"));
    String id = ctx.pathParam("id");
    java.util.Optional<java.util.Map<String, Object>> meta = c.index().metadata(id);
    if (meta.isEmpty()) {
      throw new ApiException(404, "invalid_request_error", "id", "item_not_found", "no item '" + id + "' in '"
          + c.name + "'");
    }
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.add("metadata", Collection.metadataJson(meta.get()));
    c.index().text(id).ifPresent(t -> o.addProperty("text", t));
    json(ctx, o);
  }

  private void deleteItem(Context ctx) throws java.io.IOException {
    Collection c = collections().get(ctx.pathParam("name"));
    JsonObject o = new JsonObject();
    o.addProperty("deleted", c.delete(ctx.pathParam("id")));
    json(ctx, o);
  }

  private void searchCollection(Context ctx) {
    Collection c = collections().get(ctx.pathParam("name"));
    JsonObject body = parseObject(ctx);
    known(body, Set.of("text", "image", "audio", "vector", "k", "filter", "mode"));
    io.embedkit.core.SearchMode mode = io.embedkit.core.SearchMode.VECTOR;
    if (body.has("mode") && !body.get("mode").isJsonNull()) {
      try {
        mode = io.embedkit.core.SearchMode.parse(string(body, "mode", true));
      } catch (InvalidInputException e) {
        throw ApiException.badRequest("mode", e.getMessage());
      }
    }
    String field = contentField(body, "the query");
    if (mode != io.embedkit.core.SearchMode.VECTOR && !field.equals("text")) {
      throw ApiException.badRequest("mode", "mode '" + mode.label() + "' searches by words: give the query as"
          + " 'text'");
    }
    int k = body.has("k") ? integer(body.get("k"), "k") : 10;
    if (k < 1 || k > 10_000) {
      throw ApiException.badRequest("k", "k must be 1 to 10000, was " + k);
    }
    io.embedkit.core.Filter filter = null;
    if (body.has("filter") && !body.get("filter").isJsonNull()) {
      try {
        filter = io.embedkit.core.Filter.parse(string(body, "filter", true));
      } catch (InvalidInputException e) {
        throw ApiException.badRequest("filter", e.getMessage());
      }
    }
    String text = field.equals("text") ? string(body, "text", true) : null;
    List<io.embedkit.core.SearchHit> hits = List.of();
    if (c.index().size() > 0) {
      hits = switch (mode) {
        case VECTOR -> c.index().search(content(c, body, field, "the query"), k, filter);
        case KEYWORD -> c.keywords().search(text, k, filter);
        case HYBRID -> {
          int deep = k * io.embedkit.core.SearchOptions.DEFAULT_DEPTH;
          List<io.embedkit.core.SearchHit> byVector = c.index().search(content(c, body, field, "the query"), deep,
              filter);
          List<io.embedkit.core.SearchHit> byKeyword = c.keywords().search(text, deep, filter);
          yield io.embedkit.core.Fusion.rrf().fuse(List.of(byVector, byKeyword), k);
        }
      };
    }
    JsonArray data = new JsonArray();
    for (io.embedkit.core.SearchHit h : hits) {
      JsonObject o = new JsonObject();
      o.addProperty("id", h.id());
      o.addProperty("score", h.score());
      o.add("metadata", Collection.metadataJson(h.metadata()));
      if (h.text() != null) {
        o.addProperty("text", h.text());
      }
      data.add(o);
    }
    JsonObject o = new JsonObject();
    o.add("data", data);
    json(ctx, o);
  }

  private static void known(JsonObject body, Set<String> fields) {
    for (String field : body.keySet()) {
      if (!fields.contains(field)) {
        throw ApiException.badRequest(field, "unknown field '" + field + "' (known: " + new java.util.TreeSet<>(fields)
            + ")");
      }
    }
  }

  private void listModels(Context ctx) {
    JsonArray data = new JsonArray();
    models.keySet().forEach(name -> data.add(modelJson(name)));
    JsonObject o = new JsonObject();
    o.addProperty("object", "list");
    o.add("data", data);
    json(ctx, o);
  }

  private void getModel(Context ctx) {
    String id = ctx.pathParam("id");
    if (!models.containsKey(id)) {
      throw new ApiException(404, "invalid_request_error", "model", "model_not_found", "the model '" + id
          + "' does not exist");
    }
    json(ctx, modelJson(id));
  }

  private JsonObject modelJson(String name) {
    JsonObject m = new JsonObject();
    m.addProperty("id", name);
    m.addProperty("object", "model");
    m.addProperty("created", created);
    m.addProperty("owned_by", "embedkit");
    return m;
  }

  private JsonObject health() {
    JsonObject o = new JsonObject();
    o.addProperty("status", closing ? "stopping" : "ok");
    JsonObject m = new JsonObject();
    models.forEach((name, model) -> {
      JsonObject x = new JsonObject();
      x.addProperty("dimension", model.space().dimension());
      JsonArray kinds = new JsonArray();
      model.kinds().forEach(kinds::add);
      x.add("inputs", kinds);
      m.add(name, x);
    });
    o.add("models", m);
    return o;
  }

  private static void json(Context ctx, JsonElement body) {
    ctx.contentType("application/json").result(body.toString());
  }

  private static ApiException internal(Throwable e) {
    if (e instanceof ApiException a) {
      return a;
    }
    if (e instanceof ModelMemoryException m) {
      return new ApiException(413, "invalid_request_error", "input", "request_too_large", m.getMessage());
    }
    if (e instanceof InvalidInputException i) {
      return ApiException.badRequest(null, i.getMessage());
    }
    String message = e instanceof EmbedkitException ? e.getMessage()
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    return new ApiException(500, "server_error", null, null, message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void error(Context ctx, ApiException e) {
    JsonObject err = new JsonObject();
    err.addProperty("message", e.getMessage());
    err.addProperty("type", e.type);
    if (e.param == null) {
      err.add("param", com.google.gson.JsonNull.INSTANCE);
    } else {
      err.addProperty("param", e.param);
    }
    if (e.code == null) {
      err.add("code", com.google.gson.JsonNull.INSTANCE);
    } else {
      err.addProperty("code", e.code);
    }
    JsonObject o = new JsonObject();
    o.add("error", err);
    ctx.status(e.status).contentType("application/json").result(o.toString());
  }

  /** Stops taking requests, lets those in flight finish (up to 30 s), then stops and closes the models. */
  @Override
  public void close() {
    closing = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (app != null) {
      app.stop();
    }
    if (collections != null) {
      collections.close(); // snapshots: a clean stop leaves empty logs
    }
    models.values().forEach(ServedModel::close);
  }
}
