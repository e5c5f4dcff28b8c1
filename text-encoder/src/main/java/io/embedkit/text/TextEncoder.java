package io.embedkit.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.EncodePipeline;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelFolder;
import io.embedkit.runtime.ModelInput;
import io.embedkit.runtime.ModelOutput;
import io.embedkit.runtime.ModelRunner;
import io.embedkit.runtime.PipelineEncoder;
import io.embedkit.runtime.Pooler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link #encodeAll} sorts inputs by token length, runs batches (at most the batch size, split where padding
 * would cost more than another model call) padded to their longest sequence and returns results in input order, equal to one-at-a-time results. Do not call {@link #close()} while calls
 * are running.
 */
public final class TextEncoder extends PipelineEncoder<String> {
  private static final Logger LOG = LoggerFactory.getLogger(TextEncoder.class);

  private final TextEncoderConfig config;
  private final TokenPreprocessor tokens;
  private final EncodePipeline<String, Tokens> pipeline;
  private final EmbeddingSpace space;
  private final int maxLength;
  private final Pooling pooling;
  private final boolean normalize;
  private final boolean pooled;

  private TextEncoder(TextEncoderConfig config) {
    this.config = config;
    ModelFolder folder = ModelFolder.open(config.source());
    Path dir = folder.directory();
    Path tokenizerFile = folder.model().requireOneOf("tokenizer", "tokenizer.json");
    JsonObject ek = folder.embedkitJson();
    ModelEngine.Weights weights = folder.weights(config.weightsName(), config.engine(), config.weights());
    SentenceTransformersConfig st = SentenceTransformersConfig.fromFolder(dir);
    this.maxLength = config.maxLength() > 0 ? config.maxLength() : st.maxSeqLength();
    this.pooling = config.pooling() != null ? config.pooling() : st.pooling();
    this.normalize = config.normalize() != null ? config.normalize() : st.normalize();

    TokenPreprocessor tok = null;
    ModelRunner runner = null;
    try {
      tok = new TokenPreprocessor(tokenizerFile, st.doLowerCase(), maxLength, config.prefix(),
          config.chunkOverlap());
      runner = ModelRunner.load(weights, config.threads(), config.concurrency());
      boolean twoTower = runner.isTwoTower(); // CLIP in one graph: run its text tower
      if (twoTower) {
        int[] hw = io.embedkit.runtime.ModelFolders.imageSize(dir);
        runner = runner.textTower(hw[0], hw[1]);
      }
      boolean named = weights.engine() == ModelEngine.ONNX || (ek != null && ek.has("inputs"));
      tok.setInputs(inputNames(runner, ek, weights), weights.engine() == ModelEngine.ONNX);
      long maxId = maxTokenId(tokenizerFile);
      checkVocabularySize(tokenizerFile, st, dir, maxId);
      ModelOutput probe = probe(runner, tok, named, weights, tokenizerFile, maxId);
      this.pooled = probe.shape().length == 3;
      int modelDimension = (int) probe.shape()[probe.shape().length - 1];
      if (config.truncateDimension() > modelDimension) {
        throw new InvalidInputException("truncateDimension " + config.truncateDimension()
            + " exceeds the model's dimension " + modelDimension);
      }
      int dimension = config.truncateDimension() > 0 ? config.truncateDimension() : modelDimension;
      java.util.Map<String, String> settings = new java.util.TreeMap<>();
      settings.put("tokenizer", io.embedkit.runtime.Fingerprints.sha256(tokenizerFile));
      settings.put("lowerCase", Boolean.toString(st.doLowerCase()));
      settings.put("maxLength", Integer.toString(maxLength));
      settings.put("pooling", pooled ? String.valueOf(pooling) : "none");
      settings.put("prefix", config.prefix() == null ? "" : config.prefix());
      settings.put("chunkOverlap", Integer.toString(config.chunkOverlap()));
      if (twoTower) {
        settings.clear(); // both towers of one graph are one space, as ModelFolder#space explains
      }
      this.space = folder.space(dimension, normalize, weights, settings);
      this.pipeline = EncodePipeline.<String, Tokens>builder(runner, tok)
          .optPooler(pooled ? tokenPooler(pooling) : Pooler.shapeRule())
          .optBatchSize(config.batchSize())
          .optDimension(config.truncateDimension())
          .optNormalize(normalize)
          .optNoun("text")
          .build();
      LOG.debug("text encoder {}: {} on {}, max length {}, {} pooling, normalize {}", space, weights.file(),
          weights.engine(), maxLength, pooled ? pooling : "no", normalize);
    } catch (RuntimeException e) {
      if (runner != null) {
        runner.close();
      }
      if (tok != null) {
        tok.close();
      }
      throw e;
    }
    this.tokens = tok;
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

  @Override
  protected EncodePipeline<String, Tokens> pipeline() {
    return pipeline;
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
        + (normalize ? ", normalized" : "") + ", " + pipeline.model().engineName();
  }

  /**
   * Returns the maximum tokens per sequence, special tokens included.
   *
   * @return the length
   */
  public int maxLength() {
    return maxLength;
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
    return tokens.tokenIds(text);
  }

  /**
   * Runs the bare model forward pass on already-tokenized batches, for benchmarks that separate the model's
   * time from tokenizing and pooling.
   *
   * @param texts the texts; they are tokenized, sorted and batched first, outside the measured part
   * @return a runnable performing only the model calls
   */
  public Runnable forwardPassOnly(List<String> texts) {
    return pipeline.forwardOnly(texts);
  }

  @Override
  protected void release() {
    tokens.close();
  }

  private static Pooler tokenPooler(Pooling pooling) {
    return (out, in, row) -> {
      int tokens = (int) out.shape()[1];
      int length = in.mask().length / in.rows();
      if (tokens != length) {
        throw new EmbedkitException("model output has " + tokens + " tokens per row, its input had " + length);
      }
      return pooling.pool(out.data(), in.mask(), row, tokens, (int) out.shape()[2]);
    };
  }

  /**
   * Runs the model once on a short sequence. TorchScript keeps no input names: a model taking fewer than
   * BERT's three (CLIP's text tower takes input_ids, attention_mask) says so when called, and gets the leading
   * ones. Then checks that the model knows the tokenizer's largest id.
   */
  private static ModelOutput probe(ModelRunner runner, TokenPreprocessor tok, boolean named,
      ModelEngine.Weights weights, Path tokenizerFile, long maxId) {
    List<String> inputs = tok.inputs();
    ModelInput sample = tok.batch(List.of(tok.sample()));
    ModelOutput probe = null;
    RuntimeException failure = null;
    while (probe == null && failure == null) {
      try {
        probe = runner.run(sample);
      } catch (RuntimeException e) {
        if (named || inputs.size() <= 1 || !String.valueOf(e.getMessage()).contains("argument(s) for operator")) {
          failure = e;
        } else {
          inputs = inputs.subList(0, inputs.size() - 1);
          tok.setInputs(inputs, false);
          sample = tok.batch(List.of(tok.sample()));
        }
      }
    }
    try { // names a vocabulary mismatch, the likelier cause of a failure
      runner.run(tok.batch(List.of(tok.wrapIds(maxId))));
    } catch (RuntimeException e) {
      throw new ModelLoadException("model " + weights.file() + " fails on token id " + maxId + ", which tokenizer "
          + tokenizerFile + " produces: the tokenizer and the model have different vocabularies ("
          + e.getMessage() + ")", e);
    }
    if (failure != null) {
      throw new ModelLoadException("model " + weights.file() + " fails on the input " + inputs + ": "
          + failure.getMessage(), failure);
    }
    if (probe.shape().length != 2 && probe.shape().length != 3) {
      throw new ModelLoadException("model " + weights.file() + ": first output has shape "
          + Arrays.toString(probe.shape()) + "; expected (N, D) or (N, T, D)");
    }
    return probe;
  }

  private static List<String> inputNames(ModelRunner runner, JsonObject ek, ModelEngine.Weights weights) {
    List<String> known = TokenPreprocessor.BERT_INPUTS;
    List<String> names = new ArrayList<>();
    if (ek != null && ek.has("inputs")) {
      ek.getAsJsonArray("inputs").forEach(e -> names.add(e.getAsString()));
    } else {
      List<String> described = runner.inputNames();
      if (!described.isEmpty() && (weights.engine() == ModelEngine.ONNX || known.containsAll(described))) {
        names.addAll(described); // TorchScript: the forward() argument names, when DJL reads them
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
    if (!names.contains(TokenPreprocessor.INPUT_IDS)) {
      throw new ModelLoadException("model " + weights.file() + " takes " + names + " but no input_ids");
    }
    return names;
  }

  private static void checkVocabularySize(Path tokenizerFile, SentenceTransformersConfig st, Path dir, long maxId) {
    if (st.vocabSize() > 0 && maxId >= st.vocabSize()) {
      throw new ModelLoadException("tokenizer " + tokenizerFile + " has token ids up to " + maxId + " but the model's"
          + " vocabulary (" + dir.resolve("config.json") + " vocab_size) has " + st.vocabSize()
          + ": they come from different models");
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
}
