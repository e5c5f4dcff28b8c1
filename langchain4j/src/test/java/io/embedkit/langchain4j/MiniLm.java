package io.embedkit.langchain4j;

import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;

/** The embedded MiniLM, opened once for all the suites of this module's tests. */
final class MiniLm {
  private static EmbedkitEmbeddingModel model;

  private MiniLm() {}

  static synchronized EmbedkitEmbeddingModel model() {
    if (model == null) {
      Encoder<String> encoder = Encoders.open("minilm", String.class);
      Runtime.getRuntime().addShutdownHook(new Thread(encoder::close));
      model = new EmbedkitEmbeddingModel(encoder);
    }
    return model;
  }
}
