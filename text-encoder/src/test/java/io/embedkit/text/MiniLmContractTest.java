package io.embedkit.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.Encoder;
import io.embedkit.core.testing.EncoderContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MiniLmContractTest extends EncoderContractTest<String> {
  @Override
  protected Encoder<String> newEncoder() {
    return TextEncoder.minilm();
  }

  @Override
  protected List<String> sampleItems() {
    return List.of("That is a happy person", "Today is a sunny day", "", "AI",
        "Machine learning models require significant data for training, and neural networks have multiple layers"
            + " of computational nodes that transform their inputs.");
  }

  @Test
  void batchesOfUnequalLengthsEqualOneAtATimeTo1e6() {
    SplittableRandom r = new SplittableRandom(7);
    String[] words = "the a happy person dog sunny day machine learning data privacy healthcare is was very"
        .split(" ");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(i % 7 == 0 ? 60 : 12);
      for (int j = 0; j < n; j++) {
        sb.append(words[r.nextInt(words.length)]).append(' ');
      }
      texts.add(sb.toString().trim());
    }
    try (TextEncoder e = TextEncoder.minilm()) {
      List<float[]> batched = e.encodeAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] single = e.encode(texts.get(i));
        for (int d = 0; d < single.length; d++) {
          assertThat((double) batched.get(i)[d]).as("text %d component %d", i, d)
              .isCloseTo(single[d], within(1e-6));
        }
      }
    }
  }

  @Test
  void longTextsAreTruncatedAt256TokensAndEmptyTextsAreClsSep() {
    try (TextEncoder e = TextEncoder.minilm()) {
      assertThat(e.tokenIds("word ".repeat(1000))).hasSize(256);
      assertThat(e.tokenIds("")).containsExactly(101, 102);
      assertThat(e.tokenIds("   ")).containsExactly(101, 102);
    }
  }
}
