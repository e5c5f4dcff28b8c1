package io.embedkit.server;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.Encoder;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.image.ImageEncoder;
import io.embedkit.text.TextEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One model the server offers under a name: its text encoder (batched dynamically), and for image, audio or
 * CLIP models the encoder that takes files' bytes ({@code data:} URLs in requests).
 */
final class ServedModel implements AutoCloseable {
  final String name;
  final Encoder<String> text;
  final ImageEncoder image;
  final AudioEncoder audio;
  final Batcher batcher;

  private ServedModel(String name, Encoder<String> text, ImageEncoder image, AudioEncoder audio, Batcher batcher) {
    this.name = name;
    this.text = text;
    this.image = image;
    this.audio = audio;
    this.batcher = batcher;
  }

  static ServedModel of(String name, List<Encoder<?>> encoders, int workers, EmbeddingServer.Limits limits,
      Metrics metrics) {
    Encoder<String> text = null;
    ImageEncoder image = null;
    AudioEncoder audio = null;
    for (Encoder<?> e : encoders) {
      if (e instanceof ImageEncoder i) {
        image = i;
      } else if (e instanceof AudioEncoder a) {
        audio = a;
      } else {
        @SuppressWarnings("unchecked")
        Encoder<String> t = (Encoder<String>) e;
        text = t;
      }
    }
    Batcher batcher = text == null ? null
        : new Batcher(name, text, workers, limits.maxBatch(), limits.maxWaitMicros(), limits.maxQueued(), metrics);
    return new ServedModel(name, text, image, audio, batcher);
  }

  /** The space of its vectors (the text tower's for CLIP, whose towers share one). */
  EmbeddingSpace space() {
    return text != null ? text.space() : image != null ? image.space() : audio.space();
  }

  /** Tokens the model sees for a text, special tokens included; 0 when the encoder does not say. */
  int tokens(String input) {
    return text instanceof TextEncoder t ? t.tokenIds(input).length : 0;
  }

  List<String> kinds() {
    List<String> k = new ArrayList<>();
    if (text != null) {
      k.add("text");
    }
    if (image != null) {
      k.add("image");
    }
    if (audio != null) {
      k.add("audio");
    }
    return k;
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {text, image, audio}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing models at shutdown: nothing to do about a failure
        }
      }
    }
  }
}
