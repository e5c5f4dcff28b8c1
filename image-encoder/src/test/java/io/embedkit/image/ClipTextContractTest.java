package io.embedkit.image;

import io.embedkit.core.Encoder;
import io.embedkit.core.testing.EncoderContractTest;
import io.embedkit.runtime.ModelSource;
import io.embedkit.text.TextEncoder;
import java.util.List;

/** The encoder contract (batching, threads, nulls, progress, close) on the tiny CLIP's text tower. */
class ClipTextContractTest extends EncoderContractTest<String> {
  @Override
  protected Encoder<String> newEncoder() {
    return TextEncoder.create(ClipModel.textConfig(ModelSource.parse(Fixtures.resource("tiny-clip").toString()))
        .optBatchSize(2).build());
  }

  @Override
  protected List<String> sampleItems() {
    return List.of("a photo of a cat", "red", "a very long description of a small green square on white", "");
  }
}
