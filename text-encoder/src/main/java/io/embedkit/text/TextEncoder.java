package io.embedkit.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.djl.ModelLoader;
import io.embedkit.core.djl.PredictorPool;
import io.embedkit.core.internal.Djl;
import io.embedkit.core.internal.EncoderOutputs;
import io.embedkit.core.internal.ModelFolders;
import io.embedkit.core.model.ResolvedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence embeddings as sentence-transformers computes them: Hugging Face tokenization, a BERT-style model
 * (ONNX Runtime or TorchScript on DJL), pooling over the real tokens, optional L2 normalisation.
 *
 * <pre>{@code
 * try (TextEncoder encoder = TextEncoder.minilm()) {          // embedded all-MiniLM-L6-v2, offline
 *   float[] v = encoder.encode("That is a happy person");
 *   List<float[]> vs = encoder.encodeAll(List.of("one", "two"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls run concurrently on a pool of {@link TextEncoderConfig#concurrency()} predictors.
 * {@link #encodeAll} sorts inputs by token length, runs batches padded to their longest sequence and
 * returns results in input order, equal to one-at-a-time results. Do not call {@link #close()} while calls
 * are running.
 */
public final class TextEncoder implements Encoder<String> {
  private static final Logger LOG = LoggerFactory.getLogger(TextEncoder.class);

  private final TextEncoderConfig config;
  private final HuggingFaceTokenizer tokenizer;
  private final HuggingFaceTokenizer untruncated;
  private final PredictorPool<TokenBatch, ModelOutput> pool;
  private final EmbeddingSpace space;
  private final int maxLength;
  private final Pooling pooling;
  private final boolean normalize;
  private final boolean pooled;
  private final int modelDimension;
  private final long[] headIds;
  private final long[] headTypes;
  private final long[] tailIds;
  private final long[] tailTypes;
  private final ModelEngine engine;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private TextEncoder(TextEncoderConfig config) {
    Djl.applyDefaults();
    this.config = config;
    ResolvedModel model = config.source().resolve();
    Path dir = model.directory();
    Path tokenizerFile = model.requireOneOf("tokenizer", "tokenizer.json");
    JsonObject ek = ModelFolders.embedkitJson(dir);
    ModelEngine.Weights weights = ModelEngine.locate(model, config.weightsName(), config.engine() != null
        ? config.engine() : ModelFolders.engine(ek));
    this.engine = weights.engine();
    SentenceTransformersConfig st = SentenceTransformersConfig.fromFolder(dir);
    this.maxLength = config.maxLength() > 0 ? config.maxLength() : st.maxSeqLength();
    this.pooling = config.pooling() != null ? config.pooling() : st.pooling();
    this.normalize = config.normalize() != null ? config.normalize() : st.normalize();

    HuggingFaceTokenizer tok = null;
    HuggingFaceTokenizer full = null;
    PredictorPool<TokenBatch, ModelOutput> p = null;
    try {
      tok = tokenizer(tokenizerFile, st, true);
      full = config.chunkOverlap() >= 0 ? tokenizer(tokenizerFile, st, false) : null;
      BatchTranslator translator = new BatchTranslator();
      ZooModel<TokenBatch, ModelOutput> zoo = ModelLoader.load(weights, TokenBatch.class, ModelOutput.class,
          translator, config.threads());
      p = new PredictorPool<>(zoo, config.concurrency());
      List<String> inputs = inputNames(zoo, ek, weights);
      translator.setInputs(inputs, engine == ModelEngine.ONNX);

      // where special tokens go, from the tokenizer's own template
      Encoding withSpecials = tok.encode("hello", true, false);
      Encoding bare = tok.encode("hello", false, false);
      int start = indexOf(withSpecials.getIds(), bare.getIds());
      if (start < 0) {
        throw new ModelLoadException(tokenizerFile + ": cannot find where its template puts the text");
      }
      int end = start + bare.getIds().length;
      headIds = Arrays.copyOfRange(withSpecials.getIds(), 0, start);
      headTypes = Arrays.copyOfRange(withSpecials.getTypeIds(), 0, start);
      tailIds = Arrays.copyOfRange(withSpecials.getIds(), end, withSpecials.getIds().length);
      tailTypes = Arrays.copyOfRange(withSpecials.getTypeIds(), end, withSpecials.getTypeIds().length);
      if (config.chunkOverlap() >= 0 && maxLength - headIds.length - tailIds.length <= config.chunkOverlap()) {
        throw new InvalidInputException("chunk overlap " + config.chunkOverlap() + " leaves no new tokens in windows"
            + " of " + maxLength + " tokens");
      }

      TokenBatch probeBatch = TokenBatch.of(List.of(new Tokens(withSpecials.getIds(), withSpecials.getTypeIds())));
      boolean named = engine == ModelEngine.ONNX || (ek != null && ek.has("inputs"));
      long maxId = maxTokenId(tokenizerFile);
      checkVocabularySize(tokenizerFile, st, dir, maxId);
      ModelOutput probe = null;
      RuntimeException failure = null;
      while (probe == null && failure == null) {
        try {
          probe = p.predict(probeBatch);
        } catch (RuntimeException e) {
          // TorchScript keeps no input names: a model taking fewer than BERT's three (CLIP's text tower takes
          // input_ids, attention_mask) says so when called, and gets the leading ones
          if (named || inputs.size() <= 1 || !String.valueOf(e.getMessage()).contains("argument(s) for operator")) {
            failure = e;
          } else {
            inputs = inputs.subList(0, inputs.size() - 1);
            translator.setInputs(inputs, false);
          }
        }
      }
      checkVocabulary(tokenizerFile, p, weights, maxId); // names a vocabulary mismatch, the likelier cause
      if (failure != null) {
        throw new ModelLoadException("model " + weights.file() + " fails on the input " + inputs + ": "
            + failure.getMessage(), failure);
      }
      if (probe.shape().length != 2 && probe.shape().length != 3) {
        throw new ModelLoadException("model " + weights.file() + ": first output has shape "
            + Arrays.toString(probe.shape()) + "; expected (N, D) or (N, T, D)");
      }
      this.pooled = probe.shape().length == 3;
      this.modelDimension = (int) probe.shape()[probe.shape().length - 1];
      if (config.truncateDimension() > modelDimension) {
        throw new InvalidInputException("truncateDimension " + config.truncateDimension()
            + " exceeds the model's dimension " + modelDimension);
      }
      int dimension = config.truncateDimension() > 0 ? config.truncateDimension() : modelDimension;
      this.space = new EmbeddingSpace(ModelFolders.spaceName(dir, ek, config.source().location()), dimension, normalize,
          Metric.COSINE);
      LOG.debug("text encoder {}: {} on {}, max length {}, {} pooling, normalize {}", space, weights.file(),
          engine, maxLength, pooled ? pooling : "no", normalize);
    } catch (RuntimeException e) {
      closeQuietly(p, tok, full);
      throw e;
    }
    this.tokenizer = tok;
    this.untruncated = full;
    this.pool = p;
  }

  /**
   * Returns an encoder for a configuration, loading its model.
   *
   * @param config the configuration
   * @return the encoder
   * @throws ModelLoadException if the model, its tokenizer or its weights cannot be found or disagree
   */
  public static TextEncoder create(TextEncoderConfig config) {
    return new TextEncoder(config);
  }

  /**
   * Returns an encoder for the embedded default model, all-MiniLM-L6-v2; needs no network.
   *
   * @return the encoder
   */
  public static TextEncoder minilm() {
    return create(TextEncoderConfig.defaults());
  }

  @Override
  public EmbeddingSpace space() {
    return space;
  }

  /**
   * Returns the configuration this encoder was built from.
   *
   * @return the configuration
   */
  public TextEncoderConfig config() {
    return config;
  }

  /**
   * Returns the settings in effect after reading the model folder.
   *
   * @return e.g. {@code "max length 256, MEAN pooling, normalized, OnnxRuntime"}
   */
  public String describe() {
    return "max length " + maxLength + ", " + (pooled ? pooling + " pooling" : "no pooling (model pools)")
        + (normalize ? ", normalized" : "") + ", " + engine.djlName();
  }

  /**
   * Returns the maximum tokens per sequence, special tokens included.
   *
   * @return the length
   */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public float[] encode(String input) {
    if (input == null) {
      throw new InvalidInputException("input text must not be null");
    }
    return encodeAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> encodeAll(List<? extends String> inputs) {
    return encodeAll(inputs, null);
  }

  /**
   * Returns the embeddings of texts, in their order, reporting progress.
   *
   * @param inputs the texts
   * @param progress called after each batch with (items done, items total); may be null
   * @return one vector per text
   * @throws InvalidInputException naming the position of a null text
   */
  public List<float[]> encodeAll(List<? extends String> inputs, java.util.function.BiConsumer<Integer, Integer> progress) {
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new InvalidInputException("input text at position " + i + " is null");
      }
    }
    if (inputs.isEmpty()) {
      return List.of();
    }
    List<Tokens> seqs = new ArrayList<>(inputs.size());
    List<int[]> owners = new ArrayList<>(inputs.size()); // per sequence: {item, weight}
    tokenize(inputs, seqs, owners);
    List<float[]> pooledRows = runSorted(seqs, inputs.size(), owners, progress);
    return finish(pooledRows, owners, inputs.size());
  }

  /**
   * Returns the token ids the model sees for a text, special tokens included, after prefix and truncation.
   *
   * @param text the text
   * @return the ids
   */
  public long[] tokenIds(String text) {
    if (text == null) {
      throw new InvalidInputException("input text must not be null");
    }
    return tokenizer.encode(config.prefix() + text).getIds();
  }

  /**
   * Runs the bare model forward pass on already-tokenized batches, for benchmarks that separate the model's
   * time from tokenizing and pooling.
   *
   * @param texts the texts; they are tokenized, sorted and batched first, outside the measured part
   * @return a runnable performing only the model calls
   */
  public Runnable forwardPassOnly(List<String> texts) {
    List<Tokens> seqs = new ArrayList<>();
    List<int[]> owners = new ArrayList<>();
    tokenize(texts, seqs, owners);
    Integer[] order = sortedByLength(seqs);
    List<TokenBatch> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += config.batchSize()) {
      List<Tokens> b = new ArrayList<>();
      for (int i = from; i < Math.min(order.length, from + config.batchSize()); i++) {
        b.add(seqs.get(order[i]));
      }
      batches.add(TokenBatch.of(b));
    }
    return () -> batches.forEach(pool::predict);
  }

  private void tokenize(List<? extends String> inputs, List<Tokens> seqs, List<int[]> owners) {
    List<String> texts = new ArrayList<>(inputs.size());
    for (String s : inputs) {
      texts.add(config.prefix() + s);
    }
    if (untruncated == null) {
      Encoding[] enc = tokenizer.batchEncode(texts);
      for (int i = 0; i < enc.length; i++) {
        seqs.add(new Tokens(enc[i].getIds(), enc[i].getTypeIds()));
        owners.add(new int[] {i, enc[i].getIds().length});
      }
      return;
    }
    Encoding[] bare = untruncated.batchEncode(texts, false, false);
    int window = maxLength - headIds.length - tailIds.length;
    int stride = window - config.chunkOverlap();
    for (int i = 0; i < bare.length; i++) {
      long[] ids = bare[i].getIds();
      long[] types = bare[i].getTypeIds();
      for (int start = 0; ; start += stride) {
        int end = Math.min(ids.length, start + window);
        Tokens t = wrap(Arrays.copyOfRange(ids, start, end), Arrays.copyOfRange(types, start, end));
        seqs.add(t);
        owners.add(new int[] {i, t.ids().length});
        if (end >= ids.length) {
          break;
        }
      }
    }
  }

  private Tokens wrap(long[] ids, long[] types) {
    int n = headIds.length + ids.length + tailIds.length;
    long[] outIds = new long[n];
    long[] outTypes = new long[n];
    System.arraycopy(headIds, 0, outIds, 0, headIds.length);
    System.arraycopy(headTypes, 0, outTypes, 0, headTypes.length);
    System.arraycopy(ids, 0, outIds, headIds.length, ids.length);
    System.arraycopy(types, 0, outTypes, headIds.length, types.length);
    System.arraycopy(tailIds, 0, outIds, headIds.length + ids.length, tailIds.length);
    System.arraycopy(tailTypes, 0, outTypes, headIds.length + ids.length, tailTypes.length);
    return new Tokens(outIds, outTypes);
  }

  private static Integer[] sortedByLength(List<Tokens> seqs) {
    Integer[] order = new Integer[seqs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // longest first: the costliest batch runs while memory is fresh, and padding stays minimal
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> -seqs.get(i).ids().length));
    return order;
  }

  private List<float[]> runSorted(List<Tokens> seqs, int items, List<int[]> owners,
      java.util.function.BiConsumer<Integer, Integer> progress) {
    Integer[] order = sortedByLength(seqs);
    float[][] rows = new float[seqs.size()][];
    int done = 0;
    for (int from = 0; from < order.length; from += config.batchSize()) {
      int to = Math.min(order.length, from + config.batchSize());
      List<Tokens> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(seqs.get(order[i]));
      }
      TokenBatch tb = TokenBatch.of(batch);
      ModelOutput out = pool.predict(tb);
      for (int r = 0; r < batch.size(); r++) {
        rows[order[from + r]] = pool(out, tb, r);
      }
      if (progress != null) {
        done += to - from;
        progress.accept(Math.min(items, done * items / seqs.size()), items);
      }
    }
    return Arrays.asList(rows);
  }

  private float[] pool(ModelOutput out, TokenBatch batch, int row) {
    long[] shape = out.shape();
    if (!pooled) {
      int dim = (int) shape[1];
      return Arrays.copyOfRange(out.data(), row * dim, row * dim + dim);
    }
    int tokens = (int) shape[1];
    if (tokens != batch.length()) {
      throw new EmbedkitException("model output has " + tokens + " tokens per row, its input had "
          + batch.length());
    }
    return pooling.pool(out.data(), batch.mask(), row, tokens, (int) shape[2]);
  }

  private List<float[]> finish(List<float[]> rows, List<int[]> owners, int items) {
    int dim = space.dimension();
    double[][] sums = new double[items][];
    double[] weights = new double[items];
    float[][] single = new float[items][];
    int[] parts = new int[items];
    for (int s = 0; s < rows.size(); s++) {
      int item = owners.get(s)[0];
      parts[item]++;
      if (parts[item] == 1) {
        single[item] = rows.get(s);
      }
    }
    for (int s = 0; s < rows.size(); s++) {
      int item = owners.get(s)[0];
      if (parts[item] == 1) {
        continue;
      }
      if (sums[item] == null) {
        sums[item] = new double[dim];
      }
      double w = owners.get(s)[1];
      float[] r = rows.get(s);
      for (int d = 0; d < dim; d++) {
        sums[item][d] += w * r[d];
      }
      weights[item] += w;
    }
    List<float[]> out = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      float[] v;
      if (parts[i] == 1) {
        v = dim == single[i].length ? single[i] : Arrays.copyOf(single[i], dim);
      } else {
        v = new float[dim];
        for (int d = 0; d < dim; d++) {
          v[d] = (float) (sums[i][d] / weights[i]);
        }
      }
      if (normalize) {
        EncoderOutputs.l2Normalize(v);
      }
      out.add(v);
    }
    return out;
  }

  private HuggingFaceTokenizer tokenizer(Path file, SentenceTransformersConfig st, boolean truncate) {
    try {
      HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(true)
          .optPadding(false)
          .optTruncation(truncate);
      if (truncate) {
        b.optMaxLength(maxLength);
      }
      if (st.doLowerCase()) {
        b.optDoLowerCase(true);
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("tokenizer " + file + " cannot be loaded: " + e.getMessage(), e);
    }
  }


  private static List<String> inputNames(ZooModel<?, ?> zoo, JsonObject ek, ModelEngine.Weights weights) {
    List<String> known = List.of(BatchTranslator.INPUT_IDS, BatchTranslator.ATTENTION_MASK,
        BatchTranslator.TOKEN_TYPE_IDS);
    List<String> names = new ArrayList<>();
    if (ek != null && ek.has("inputs")) {
      ek.getAsJsonArray("inputs").forEach(e -> names.add(e.getAsString()));
    } else {
      PairList<String, ?> described = describeInput(zoo);
      if (described != null && (weights.engine() == ModelEngine.ONNX || known.containsAll(described.keys()))) {
        names.addAll(described.keys()); // TorchScript: the forward() argument names, when DJL reads them
      }
    }
    if (names.isEmpty()) {
      names.addAll(known); // no names at all: BERT's forward order
    }
    for (String n : names) {
      if (!known.contains(n)) {
        throw new ModelLoadException("model " + weights.file() + " takes input '" + n + "'; embedkit feeds "
            + known + " (name the order in embedkit.json \"inputs\")");
      }
    }
    if (!names.contains(BatchTranslator.INPUT_IDS)) {
      throw new ModelLoadException("model " + weights.file() + " takes " + names + " but no input_ids");
    }
    return names;
  }

  private static PairList<String, ?> describeInput(ZooModel<?, ?> zoo) {
    try {
      return zoo.describeInput();
    } catch (RuntimeException e) {
      return null; // engines that cannot describe inputs
    }
  }

  private static void checkVocabularySize(Path tokenizerFile, SentenceTransformersConfig st, Path dir, long maxId) {
    if (st.vocabSize() > 0 && maxId >= st.vocabSize()) {
      throw new ModelLoadException("tokenizer " + tokenizerFile + " has token ids up to " + maxId + " but the model's"
          + " vocabulary (" + dir.resolve("config.json") + " vocab_size) has " + st.vocabSize()
          + ": they come from different models");
    }
  }

  private void checkVocabulary(Path tokenizerFile, PredictorPool<TokenBatch, ModelOutput> p,
      ModelEngine.Weights weights, long maxId) {
    long[] ids = new long[headIds.length + 1 + tailIds.length];
    System.arraycopy(headIds, 0, ids, 0, headIds.length);
    ids[headIds.length] = maxId;
    System.arraycopy(tailIds, 0, ids, headIds.length + 1, tailIds.length);
    try {
      p.predict(TokenBatch.of(List.of(new Tokens(ids, new long[ids.length]))));
    } catch (RuntimeException e) {
      throw new ModelLoadException("model " + weights.file() + " fails on token id " + maxId + ", which tokenizer "
          + tokenizerFile + " produces: the tokenizer and the model have different vocabularies ("
          + e.getMessage() + ")", e);
    }
  }

  private static long maxTokenId(Path tokenizerFile) {
    try {
      JsonObject root = JsonParser.parseString(Files.readString(tokenizerFile)).getAsJsonObject();
      long max = -1;
      JsonElement vocab = root.getAsJsonObject("model").get("vocab");
      if (vocab != null && vocab.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
          max = Math.max(max, e.getValue().getAsLong());
        }
      } else if (vocab != null && vocab.isJsonArray()) {
        max = vocab.getAsJsonArray().size() - 1L;
      }
      if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
        for (JsonElement e : root.getAsJsonArray("added_tokens")) {
          max = Math.max(max, e.getAsJsonObject().get("id").getAsLong());
        }
      }
      if (max < 0) {
        throw new ModelLoadException("tokenizer " + tokenizerFile + " has no vocabulary");
      }
      return max;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException) {
        throw (ModelLoadException) e;
      }
      throw new ModelLoadException("tokenizer " + tokenizerFile + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static int indexOf(long[] haystack, long[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception ignored) {
          // already failing: keep the first error
        }
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pool.close();
    tokenizer.close();
    if (untruncated != null) {
      untruncated.close();
    }
  }
}
