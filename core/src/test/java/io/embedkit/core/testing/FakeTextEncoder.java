package io.embedkit.core.testing;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.Vectors;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test encoder: each lower-cased word adds a fixed pseudo-random vector, the sum is
 * L2-normalised. Sentences sharing words are similar. Counts calls so tests can check batching.
 */
public final class FakeTextEncoder implements Encoder<String> {
  /** Items per reported batch in {@link #encodeAll(java.util.List, io.embedkit.core.Progress)}. */
  public static final int BATCH = 32;

  private final EmbeddingSpace space;
  private final AtomicInteger encodeCalls = new AtomicInteger();
  private volatile boolean closed;

  /**
   * Creates the encoder.
   *
   * @param name the space name
   * @param dimension the dimension
   */
  public FakeTextEncoder(String name, int dimension) {
    this.space = new EmbeddingSpace(name, dimension, true, Metric.COSINE);
  }

  @Override
  public EmbeddingSpace space() {
    return space;
  }

  @Override
  public float[] encode(String input) {
    if (closed) {
      throw new io.embedkit.core.AlreadyClosedException("encoder is closed");
    }
    if (input == null) {
      throw new InvalidInputException("input is null");
    }
    encodeCalls.incrementAndGet();
    float[] v = new float[space.dimension()];
    // an input without words embeds like the word "<empty>", so no vector is zero
    String text = input.isBlank() ? "<empty>" : input;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}<>]+")) {
      if (word.isEmpty()) {
        continue;
      }
      long h = word.hashCode() * 0x9E3779B97F4A7C15L;
      for (int i = 0; i < v.length; i++) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 29;
        v[i] += ((h & 0xFFFF) / 32768f) - 1f;
      }
    }
    Vectors.normalizeInPlace(v);
    return v;
  }

  /** Encodes in batches of {@value #BATCH}, reporting progress after each, as real encoders do. */
  @Override
  public java.util.List<float[]> encodeAll(java.util.List<? extends String> inputs, io.embedkit.core.Progress progress) {
    java.util.List<float[]> out = new java.util.ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += BATCH) {
      out.addAll(encodeAll(inputs.subList(from, Math.min(inputs.size(), from + BATCH))));
      progress.update(out.size(), inputs.size());
    }
    return out;
  }

  /**
   * Returns how many items were encoded.
   *
   * @return the count
   */
  public int encodeCalls() {
    return encodeCalls.get();
  }

  /**
   * Returns whether {@link #close} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
