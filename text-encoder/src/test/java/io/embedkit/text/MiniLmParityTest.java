package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded all-MiniLM-L6-v2 against sentence-transformers' own numbers for the same sentences. */
class MiniLmParityTest {
  /** sentence-transformers 1e-5 cosine tolerance (DESIGN.md). */
  private static final double TOLERANCE = 1e-5;

  private static TextEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = TextEncoder.minilm();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void similaritiesEqualSentenceTransformers() {
    float[] anchor = encoder.encode("That is a happy person");
    // util.cos_sim of model.encode(...) with sentence-transformers and all-MiniLM-L6-v2
    assertThat((double) Vectors.cosine(anchor, encoder.encode("That is a very happy person")))
        .isCloseTo(0.9429151, within(TOLERANCE));
    assertThat((double) Vectors.cosine(anchor, encoder.encode("That is a happy dog")))
        .isCloseTo(0.69457734, within(TOLERANCE));
    assertThat((double) Vectors.cosine(anchor, encoder.encode("Today is a sunny day")))
        .isCloseTo(0.25687602, within(TOLERANCE));
  }

  @Test
  void theEmbeddedModelIsConfiguredAsSentenceTransformersDoes() {
    assertThat(encoder.space().name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(encoder.space().dimension()).isEqualTo(384);
    assertThat(encoder.space().normalized()).isTrue();
    assertThat(encoder.maxLength()).isEqualTo(256);
    assertThat(encoder.describe()).isEqualTo("max length 256, MEAN pooling, normalized, OnnxRuntime");
    assertThat((double) Vectors.norm(encoder.encode("x"))).isCloseTo(1.0, within(1e-6));
  }
}
