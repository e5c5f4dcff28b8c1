package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.AlreadyClosedException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A real ONNX model with two named outputs (tools/fixtures/make_named_outputs.py). */
class ModelRunnerTest {
  private static ModelEngine.Weights twoOutputs() throws URISyntaxException {
    return new ModelEngine.Weights(ModelEngine.ONNX,
        Path.of(ModelRunnerTest.class.getResource("/named-outputs/two_outputs.onnx").toURI()));
  }

  @Test
  void anOutputNamedLastHiddenStateIsTakenBeforeTheFirstOutput() throws Exception {
    ModelRunner runner = ModelRunner.load(twoOutputs(), 1, 1);
    try (runner) {
      assertThat(runner.inputNames()).containsExactly("x");
      assertThat(runner.singleInputName("fallback", "x")).isEqualTo("x");
      ModelOutput out = runner.run(ModelInput.of("x", new float[] {1, 2, 3, 4}, 1, 4));
      // the first output, pooler_output, would be (1, 4) = {10, 20, 30, 40}
      assertThat(out.shape()).containsExactly(1, 3, 4);
      assertThat(out.data()).containsExactly(1, 2, 3, 4, 2, 4, 6, 8, 3, 6, 9, 12);
      assertThat(runner.embeddingDimension(ModelInput.of("x", new float[4], 1, 4), "zeros")).isEqualTo(4);
      assertThat(runner.engineName()).isEqualTo("OnnxRuntime");
    }
    assertThatThrownBy(() -> runner.run(ModelInput.of("x", new float[4], 1, 4)))
        .isInstanceOf(AlreadyClosedException.class);
  }
}
