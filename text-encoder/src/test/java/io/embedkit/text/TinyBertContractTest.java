package io.embedkit.text;

import io.embedkit.core.Encoder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.core.testing.EncoderContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;

class TinyBertContractTest {
  static final List<String> ITEMS = List.of("That is a happy person", "a dog", "",
      "Artificial intelligence is revolutionizing healthcare and medicine in many countries today",
      "one two three four five six seven eight nine ten one two three four five six seven eight nine ten");

  @Nested
  class Onnx extends EncoderContractTest<String> {
    @Override
    protected Encoder<String> newEncoder() {
      return TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.ONNX).optBatchSize(2).optNormalize(true).build());
    }

    @Override
    protected List<String> sampleItems() {
      return ITEMS;
    }
  }

  @Nested
  class PyTorch extends EncoderContractTest<String> {
    @Override
    protected Encoder<String> newEncoder() {
      return TextEncoder.create(TinyBertParityTest.tiny(ModelEngine.PYTORCH).optBatchSize(2).build());
    }

    @Override
    protected List<String> sampleItems() {
      return ITEMS;
    }
  }
}
