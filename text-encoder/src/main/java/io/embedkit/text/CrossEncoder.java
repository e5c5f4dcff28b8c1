package io.embedkit.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.Reranker;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelFolder;
import io.embedkit.runtime.ModelInput;
import io.embedkit.runtime.ModelOutput;
import io.embedkit.runtime.ModelRunner;
import io.embedkit.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link Reranker} on a Hugging Face sequence-classification model (a cross-encoder such as
 * {@code cross-encoder/ms-marco-MiniLM-L-6-v2}): each query and passage are tokenized together as a pair
 * ({@code [CLS] query [SEP] passage [SEP]}, token types 0 then 1, the longer side truncated first to the
 * maximum length) and the model's logits give the score. One logit ({@code num_labels} 1) is the score as is,
 * or through a sigmoid when the folder's sentence-transformers settings name one; with two or more labels the
 * score is the softmax probability of one label (named, else label 1 of two).
 *
 * <p>The folder holds {@code tokenizer.json}, {@code config.json} and {@code model.onnx} or {@code model.pt}
 * (at the top or in {@code onnx/}), as {@code optimum} exports them; TorchScript weights take
 * {@code input_ids, attention_mask, token_type_ids} in that order.
 *
 * <pre>{@code
 * try (CrossEncoder reranker = CrossEncoder.builder(ModelSource.parse("models/ms-marco-MiniLM-L-6-v2")).build()) {
 *   float[] scores = reranker.score("what do cats eat", List.of("Cats eat meat.", "Paris is in France."));
 * }
 * }</pre>
 *
 * <p>Thread-safe; pairs are run in batches sorted by length. {@link #close()} releases the model.
 */
public final class CrossEncoder implements Reranker {
  private final String name;
  private final HuggingFaceTokenizer tokenizer;
  private final ModelRunner runner;
  private final List<String> inputs;
  private final boolean named;
  private final int labels;
  private final int label;
  private final boolean sigmoid;
  private final int batchSize;
  private final int maxLength;
  private volatile boolean closed;

  private CrossEncoder(Builder b) {
    ModelFolder folder = ModelFolder.open(b.source);
    Path dir = folder.directory();
    this.name = b.source.toString();
    Path tokenizerFile = folder.model().requireOneOf("tokenizer", "tokenizer.json");
    JsonObject config = readConfig(dir.resolve("config.json"));
    this.labels = numLabels(config, dir);
    this.label = pickLabel(config, dir, labels, b.label);
    this.sigmoid = labels == 1 && usesSigmoid(config);
    int positions = config.has("max_position_embeddings") ? config.get("max_position_embeddings").getAsInt() : 512;
    this.maxLength = b.maxLength > 0 ? b.maxLength : Math.min(512, positions);
    this.batchSize = b.batchSize;
    ModelEngine.Weights weights = folder.weights("model", b.engine);
    HuggingFaceTokenizer tok = null;
    ModelRunner run = null;
    try {
      tok = HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerFile)
          .optAddSpecialTokens(true)
          .optPadding(false)
          .optTruncation(true)
          .optMaxLength(maxLength)
          .build();
      run = ModelRunner.load(weights, b.threads, b.concurrency);
      this.named = weights.engine() == ModelEngine.ONNX;
      List<String> described = run.inputNames();
      this.inputs = named && !described.isEmpty() ? described : TokenPreprocessor.BERT_INPUTS;
      for (String n : inputs) {
        if (!TokenPreprocessor.BERT_INPUTS.contains(n)) {
          throw new ModelLoadException("model " + weights.file() + " takes input '" + n + "'; a cross-encoder is fed "
              + TokenPreprocessor.BERT_INPUTS);
        }
      }
      this.tokenizer = tok;
      this.runner = run;
      float[] probe = logits(List.of(tok.encode("query", "passage")))[0];
      if (probe.length != labels) {
        throw new ModelLoadException("model " + weights.file() + " gives " + probe.length + " logits per pair but "
            + dir.resolve("config.json") + " declares " + labels + " labels");
      }
    } catch (IOException e) {
      close(tok, run);
      throw new ModelLoadException("tokenizer " + tokenizerFile + " cannot be loaded: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(tok, run);
      throw e instanceof ModelLoadException ? e
          : new ModelLoadException("cross-encoder " + dir + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * Starts configuring a cross-encoder.
   *
   * @param source the model folder, hub id or other {@link ModelSource}
   * @return the builder
   */
  public static Builder builder(ModelSource source) {
    return new Builder(Objects.requireNonNull(source, "source"));
  }

  /**
   * Loads a cross-encoder with the defaults.
   *
   * @param source the model
   * @return the cross-encoder; the caller closes it
   * @throws ModelLoadException if the folder lacks a file or the model does not run
   */
  public static CrossEncoder load(ModelSource source) {
    return builder(source).build();
  }

  /** Settings of a {@link CrossEncoder}. */
  public static final class Builder {
    private final ModelSource source;
    private ModelEngine engine;
    private String label;
    private int maxLength;
    private int batchSize = 32;
    private int threads;
    private int concurrency = 2;

    private Builder(ModelSource source) {
      this.source = source;
    }

    /**
     * Sets the engine, when the folder holds weights for both.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder optEngine(ModelEngine engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Sets the label whose probability is the score, for models of two or more labels.
     *
     * @param label a name in {@code config.json}'s {@code id2label}, or its number
     * @return this builder
     */
    public Builder optLabel(String label) {
      this.label = label;
      return this;
    }

    /**
     * Sets the most tokens of a pair, special tokens included (default: the model's positions, at most 512).
     *
     * @param maxLength the length
     * @return this builder
     */
    public Builder optMaxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Sets how many pairs run at once (default 32).
     *
     * @param batchSize the batch size, positive
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      if (batchSize < 1) {
        throw new InvalidInputException("batch size must be positive, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the engine's threads per call (0: the engine's default) and how many calls may run at once.
     *
     * @param threads native threads per call
     * @param concurrency concurrent calls, positive
     * @return this builder
     */
    public Builder optThreads(int threads, int concurrency) {
      this.threads = threads;
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Loads the model.
     *
     * @return the cross-encoder; the caller closes it
     * @throws ModelLoadException if the folder lacks a file, names an unknown label or the model does not run
     */
    public CrossEncoder build() {
      return new CrossEncoder(this);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the number of labels the model predicts.
   *
   * @return {@code num_labels}
   */
  public int labels() {
    return labels;
  }

  @Override
  public float[] score(String query, List<String> passages) {
    if (closed) {
      throw new AlreadyClosedException("the cross-encoder is closed");
    }
    if (query == null) {
      throw new InvalidInputException("query must not be null");
    }
    Objects.requireNonNull(passages, "passages");
    Encoding[] enc = new Encoding[passages.size()];
    for (int i = 0; i < enc.length; i++) {
      String p = passages.get(i);
      if (p == null) {
        throw new InvalidInputException("passage at position " + i + " is null");
      }
      enc[i] = tokenizer.encode(query, p);
    }
    Integer[] order = new Integer[enc.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> enc[i].getIds().length));
    float[] scores = new float[enc.length];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      List<Encoding> batch = new ArrayList<>(end - start);
      for (int j = start; j < end; j++) {
        batch.add(enc[order[j]]);
      }
      float[][] logits = logits(batch);
      for (int j = start; j < end; j++) {
        scores[order[j]] = score(logits[j - start]);
      }
    }
    return scores;
  }

  private float score(float[] logits) {
    if (labels == 1) {
      return sigmoid ? (float) (1 / (1 + Math.exp(-logits[0]))) : logits[0];
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return (float) (Math.exp(logits[label] - max) / sum);
  }

  /** Runs one right-padded batch; returns each pair's logits. */
  private float[][] logits(List<Encoding> batch) {
    int n = batch.size();
    int len = 1;
    for (Encoding e : batch) {
      len = Math.max(len, e.getIds().length);
    }
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int r = 0; r < n; r++) {
      long[] id = batch.get(r).getIds();
      System.arraycopy(id, 0, ids, r * len, id.length);
      System.arraycopy(batch.get(r).getTypeIds(), 0, types, r * len, id.length);
      Arrays.fill(mask, r * len, r * len + id.length, 1L);
    }
    List<ModelInput.Tensor> tensors = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      long[] data = switch (input) {
        case TokenPreprocessor.INPUT_IDS -> ids;
        case TokenPreprocessor.ATTENTION_MASK -> mask;
        default -> types;
      };
      tensors.add(ModelInput.Tensor.longs(named ? input : null, data, n, len));
    }
    ModelOutput out = runner.run(new ModelInput(tensors, n, mask));
    long[] shape = out.shape();
    if (shape.length != 2 || shape[0] != n) {
      throw new ModelLoadException("cross-encoder " + name + " gives an output of shape " + Arrays.toString(shape)
          + "; expected (pairs, labels)");
    }
    int width = (int) shape[1];
    float[][] rows = new float[n][];
    for (int r = 0; r < n; r++) {
      rows[r] = Arrays.copyOfRange(out.data(), r * width, (r + 1) * width);
    }
    return rows;
  }

  private static JsonObject readConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file + ": a cross-encoder folder needs config.json (num_labels / id2label)");
    }
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(file + ": cannot be read as JSON: " + e.getMessage(), e);
    }
  }

  private static int numLabels(JsonObject config, Path dir) {
    if (config.has("num_labels")) {
      return config.get("num_labels").getAsInt();
    }
    if (config.has("id2label") && config.get("id2label").isJsonObject()) {
      return config.getAsJsonObject("id2label").size();
    }
    return 2; // transformers' default for sequence classification
  }

  private static int pickLabel(JsonObject config, Path dir, int labels, String wanted) {
    if (labels < 1) {
      throw new ModelLoadException(dir.resolve("config.json") + " declares " + labels + " labels");
    }
    Map<Integer, String> names = new TreeMap<>();
    if (config.has("id2label") && config.get("id2label").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : config.getAsJsonObject("id2label").entrySet()) {
        names.put(Integer.parseInt(e.getKey()), e.getValue().getAsString());
      }
    }
    if (wanted == null) {
      if (labels <= 2) {
        return labels - 1;
      }
      throw new ModelLoadException("cross-encoder " + dir + " has " + labels + " labels " + names.values()
          + ": name the one to score by (optLabel, --rerank-label)");
    }
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (e.getValue().equalsIgnoreCase(wanted)) {
        return e.getKey();
      }
    }
    if (wanted.matches("\\d{1,4}") && Integer.parseInt(wanted) < labels) {
      return Integer.parseInt(wanted);
    }
    throw new InvalidInputException("cross-encoder " + dir + " has no label '" + wanted + "'; its labels are "
        + names.values());
  }

  private static boolean usesSigmoid(JsonObject config) {
    if (config.has("sentence_transformers") && config.get("sentence_transformers").isJsonObject()) {
      JsonElement fn = config.getAsJsonObject("sentence_transformers").get("activation_fn");
      return fn != null && fn.getAsString().endsWith("Sigmoid");
    }
    return false;
  }

  private static void close(HuggingFaceTokenizer tok, ModelRunner run) {
    if (run != null) {
      run.close();
    }
    if (tok != null) {
      tok.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    close(tokenizer, runner);
  }
}
