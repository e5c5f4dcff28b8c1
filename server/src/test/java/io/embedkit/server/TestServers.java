package io.embedkit.server;

import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import java.nio.file.Path;

/** A server over MiniLM (and the tiny image and audio test models) on a free port, shared by the tests. */
final class TestServers {
  static final Path IMAGE_MODEL = Path.of("..", "image-encoder", "src", "test", "resources", "tiny-resnet");
  static final Path AUDIO_MODEL = Path.of("..", "audio-encoder", "src", "test", "resources", "tiny-wav2vec2");
  private static EmbeddingServer shared;
  private static Encoder<String> reference;

  private TestServers() {}

  /** The shared server: models "minilm", "tiny-image", "tiny-audio"; no API key. */
  static synchronized EmbeddingServer shared() {
    if (shared == null) {
      shared = EmbeddingServer.builder()
          .model("minilm", Encoders.open("minilm", String.class))
          .model("tiny-image", Encoders.open(IMAGE_MODEL.toString(), java.awt.image.BufferedImage.class))
          .model("tiny-audio", Encoders.open(AUDIO_MODEL.toString(), io.embedkit.audio.AudioClip.class))
          .port(0).build().start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** MiniLM in this JVM, to compare with what the server returns. */
  static synchronized Encoder<String> reference() {
    if (reference == null) {
      reference = Encoders.open("minilm", String.class);
    }
    return reference;
  }
}
