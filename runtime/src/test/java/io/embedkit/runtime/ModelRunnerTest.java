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

  @Test
  void anEngineThatCannotAllocateABatchSaysWhatToChange() {
    ModelInput batch = ModelInput.of("input_values", new float[2 * 3], 2, 3);
    // the messages as ONNX Runtime 1.x and libtorch 2.x word them, wrapped as DJL wraps them
    Exception ort = new io.embedkit.core.EmbedkitException("the model (model) failed: x", new RuntimeException(
        "ai.onnxruntime.OrtException: Error code - ORT_RUNTIME_EXCEPTION - message: Non-zero status code returned"
        + " while running FusedMatMul node. Status Message: bfc_arena.cc:376 Failed to allocate memory for"
        + " requested buffer of size 32759808512"));
    assertThat(ModelRunner.outOfMemory(ort, batch)).get().satisfies(e -> {
      assertThat(e).isInstanceOf(io.embedkit.core.ModelMemoryException.class).hasCause(ort);
      assertThat(e.getMessage()).isEqualTo("the model could not allocate 32.8 GB for a batch of 2"
          + " (input_values [2, 3]): use a smaller batch (--batch, optBatchSize) or shorter inputs"
          + " (audio: --window, optWindows)");
    });
    Exception torch = new RuntimeException("[enforce fail at alloc_cpu.cpp:83] data. DefaultCPUAllocator:"
        + " can't allocate memory: you tried to allocate 4000000000 bytes. Error code 12");
    assertThat(ModelRunner.outOfMemory(torch, batch)).get().extracting(Throwable::getMessage)
        .asString().startsWith("the model could not allocate 4.0 GB for a batch of 2");
    assertThat(ModelRunner.outOfMemory(new RuntimeException("shape mismatch"), batch)).isEmpty();
    assertThat(ModelRunner.outOfMemory(new RuntimeException((String) null), batch)).isEmpty();
  }
}
