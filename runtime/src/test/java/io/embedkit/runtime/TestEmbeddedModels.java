package io.embedkit.runtime;

import java.util.Map;

/** Embedded models registered for tests through META-INF/services. */
public final class TestEmbeddedModels {
  private TestEmbeddedModels() {}

  /** A complete model folder made of two test resources. */
  public static final class Tiny implements EmbeddedModel {
    @Override
    public String name() {
      return "tiny-test";
    }

    @Override
    public Map<String, String> files() {
      return Map.of("model.onnx", "/test-models/tiny/model.onnx", "tokenizer.json",
          "/test-models/tiny/tokenizer.json");
    }

    @Override
    public String artifact() {
      return "io.embedkit:embedkit-core:tests";
    }
  }

  /** A model whose resource is missing from the classpath. */
  public static final class Broken implements EmbeddedModel {
    @Override
    public String name() {
      return "broken-test";
    }

    @Override
    public Map<String, String> files() {
      return Map.of("model.onnx", "/no/such/resource.onnx");
    }

    @Override
    public String artifact() {
      return "org.example:missing:1.0";
    }
  }
}
