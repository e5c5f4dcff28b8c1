package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where weights are found: the flat layout, the hub's onnx/ folder, and variants picked by name. */
class ModelEngineLayoutTest {
  @TempDir Path dir;

  private Path touch(String name) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, name);
  }

  private ModelEngine.Weights locate(ModelEngine engine, String variant) {
    return ModelEngine.locate(ModelSource.directory(dir).resolve(), "model", engine, variant);
  }

  @Test
  void plainWeightsAtTheTopComeFirstThenInOnnx() throws IOException {
    touch("onnx/model.onnx");
    touch("onnx/model_quantized.onnx");
    assertThat(locate(null, null).file()).isEqualTo(dir.resolve("onnx/model.onnx"));
    assertThat(locate(null, null).modelName()).isEqualTo("model");
    touch("model.onnx");
    assertThat(locate(null, null).file()).isEqualTo(dir.resolve("model.onnx"));
    touch("model.pt");
    assertThat(locate(ModelEngine.PYTORCH, null)).isEqualTo(new ModelEngine.Weights(ModelEngine.PYTORCH,
        dir.resolve("model.pt")));
  }

  @Test
  void aSingleVariantIsUsedAndSeveralMustBePicked() throws IOException {
    touch("tokenizer.json");
    touch("onnx/model_quantized.onnx");
    assertThat(locate(null, null).file()).isEqualTo(dir.resolve("onnx/model_quantized.onnx"));
    assertThat(locate(null, null).modelName()).isEqualTo("model_quantized");
    touch("onnx/model_O4.onnx");
    touch("onnx/model_int8.onnx");
    assertThatThrownBy(() -> locate(null, null)).isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + dir + ": " + dir + " holds several model weights [onnx/model_O4.onnx,"
            + " onnx/model_int8.onnx, onnx/model_quantized.onnx] and no model.onnx; pick one with the weights"
            + " setting (optWeights, --weights): [O4, int8, quantized] or a file name");
    assertThat(locate(null, "int8").file()).isEqualTo(dir.resolve("onnx/model_int8.onnx"));
    assertThat(locate(null, "onnx/model_O4.onnx").file()).isEqualTo(dir.resolve("onnx/model_O4.onnx"));
    assertThatThrownBy(() -> locate(null, "fp16")).isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + dir + ": no model weights of variant 'fp16' in " + dir
            + " (variants: [O4, int8, quantized])");
    assertThatThrownBy(() -> locate(null, "../elsewhere.onnx")).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("weights file ../elsewhere.onnx not found in " + dir);
    assertThatThrownBy(() -> locate(ModelEngine.PYTORCH, null)).isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + dir + ": no pytorch weights file [model.pt] in " + dir + " (it holds"
            + " [tokenizer.json, onnx/model_O4.onnx, onnx/model_int8.onnx, onnx/model_quantized.onnx])");
  }

  @Test
  void otherBaseNamesFollowTheSameRules() throws IOException {
    touch("onnx/vision_model.onnx");
    touch("onnx/vision_model_fp16.onnx");
    touch("onnx/text_model_fp16.onnx");
    ResolvedModel m = ModelSource.directory(dir).resolve();
    assertThat(ModelEngine.locate(m, "vision_model", null, null).file()).isEqualTo(dir.resolve("onnx/vision_model.onnx"));
    assertThat(ModelEngine.locate(m, "vision_model", null, "fp16").file())
        .isEqualTo(dir.resolve("onnx/vision_model_fp16.onnx"));
    assertThat(ModelEngine.locate(m, "text_model", null, null).file())
        .isEqualTo(dir.resolve("onnx/text_model_fp16.onnx"));
    assertThat(io.embedkit.core.EncoderProvider.hasWeights(dir, "vision_model")).isTrue();
    assertThat(io.embedkit.core.EncoderProvider.hasWeights(dir, "model")).isFalse();
  }
}
