package io.embedkit.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sentence-transformers model folder says about preprocessing and pooling, read from
 * {@code modules.json}, {@code sentence_bert_config.json}, the pooling module's {@code config.json} and
 * Hugging Face's {@code config.json}. Missing files give the defaults of DESIGN.md: mean pooling, max
 * length 512, no normalisation.
 *
 * @param maxSeqLength tokens per sequence, special tokens included
 * @param doLowerCase whether text is lower-cased before tokenizing (on top of the tokenizer's own rules)
 * @param pooling the pooling mode
 * @param normalize whether a {@code Normalize} module follows pooling
 * @param vocabSize the model's vocabulary size from {@code config.json}, or 0 when unknown
 * @param hiddenSize the token embedding size from the pooling or model config, or 0 when unknown
 */
public record SentenceTransformersConfig(
    int maxSeqLength, boolean doLowerCase, Pooling pooling, boolean normalize, int vocabSize, int hiddenSize) {
  /** The maximum length used when a folder names none. */
  public static final int DEFAULT_MAX_LENGTH = 512;

  /**
   * Returns the configuration of a model folder.
   *
   * @param dir the folder
   * @return the configuration, with defaults for what the folder does not say
   * @throws ModelLoadException naming the file if one is unreadable or contradictory
   */
  public static SentenceTransformersConfig fromFolder(Path dir) {
    int maxLength = DEFAULT_MAX_LENGTH;
    boolean lower = false;
    Pooling pooling = Pooling.MEAN;
    boolean normalize = false;
    int vocab = 0;
    int hidden = 0;

    JsonObject hf = readObject(dir.resolve("config.json"));
    if (hf != null) {
      vocab = intOr(hf, "vocab_size", 0);
      hidden = intOr(hf, "hidden_size", 0);
      int positions = intOr(hf, "max_position_embeddings", 0);
      if (positions > 0) {
        maxLength = Math.min(maxLength, positions);
      }
    }
    JsonObject sbert = readObject(dir.resolve("sentence_bert_config.json"));
    if (sbert != null) {
      maxLength = intOr(sbert, "max_seq_length", maxLength);
      try {
        lower = io.embedkit.runtime.ModelFolders.bool(sbert, "do_lower_case", false);
      } catch (io.embedkit.core.InvalidInputException e) {
        throw new io.embedkit.core.ModelLoadException(dir.resolve("sentence_bert_config.json") + ": "
            + e.getMessage(), e);
      }
    }
    Path modules = dir.resolve("modules.json");
    String poolingPath = "1_Pooling";
    if (Files.isRegularFile(modules)) {
      for (JsonElement e : readArray(modules)) {
        JsonObject m = e.getAsJsonObject();
        String type = m.has("type") ? m.get("type").getAsString() : "";
        String path = m.has("path") ? m.get("path").getAsString() : "";
        if (type.endsWith(".Pooling")) {
          poolingPath = path;
        } else if (type.endsWith(".Normalize")) {
          normalize = true;
        }
      }
    }
    Path poolingConfig = dir.resolve(poolingPath).resolve("config.json");
    JsonObject pc = readObject(poolingConfig);
    if (pc != null) {
      pooling = poolingMode(pc, poolingConfig);
      hidden = intOr(pc, "word_embedding_dimension", hidden);
    }
    if (maxLength <= 0) {
      throw new ModelLoadException(dir.resolve("sentence_bert_config.json") + ": max_seq_length must be positive,"
          + " was " + maxLength);
    }
    return new SentenceTransformersConfig(maxLength, lower, pooling, normalize, vocab, hidden);
  }

  private static Pooling poolingMode(JsonObject pc, Path file) {
    if (pc.has("pooling_mode") && pc.get("pooling_mode").isJsonPrimitive()) {
      return Pooling.parse(pc.get("pooling_mode").getAsString());
    }
    List<Pooling> on = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : pc.entrySet()) {
      if (e.getKey().startsWith("pooling_mode_") && e.getValue().isJsonPrimitive()
          && e.getValue().getAsJsonPrimitive().isBoolean() && e.getValue().getAsBoolean()) {
        on.add(Pooling.parse(e.getKey()));
      }
    }
    if (on.size() > 1) {
      throw new ModelLoadException(file + ": pooling modes " + on + " are combined; embedkit pools with one mode");
    }
    return on.isEmpty() ? Pooling.MEAN : on.get(0);
  }

  private static int intOr(JsonObject o, String key, int fallback) {
    return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsInt() : fallback;
  }

  private static JsonObject readObject(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonElement e = parse(file);
    if (!e.isJsonObject()) {
      throw new ModelLoadException(file + ": expected a JSON object");
    }
    return e.getAsJsonObject();
  }

  private static JsonArray readArray(Path file) {
    JsonElement e = parse(file);
    if (!e.isJsonArray()) {
      throw new ModelLoadException(file + ": expected a JSON array of modules");
    }
    return e.getAsJsonArray();
  }

  private static JsonElement parse(Path file) {
    try {
      return JsonParser.parseString(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(file + ": cannot read it as JSON: " + e.getMessage(), e);
    }
  }
}
