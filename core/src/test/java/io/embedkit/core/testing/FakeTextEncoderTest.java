package io.embedkit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Encoder;
import io.embedkit.core.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeTextEncoderTest extends EncoderContractTest<String> {
  @Override
  protected Encoder<String> newEncoder() {
    return new FakeTextEncoder("fake", 32);
  }

  @Override
  protected List<String> sampleItems() {
    return List.of("a happy person", "a very happy person", "today is sunny", "");
  }

  @Test
  void sharedWordsMakeSentencesSimilar() {
    try (FakeTextEncoder e = new FakeTextEncoder("fake", 64)) {
      float[] a = e.encode("a happy person");
      assertThat(Vectors.cosine(a, e.encode("a very happy person")))
          .isGreaterThan(Vectors.cosine(a, e.encode("today is sunny")));
    }
  }
}
