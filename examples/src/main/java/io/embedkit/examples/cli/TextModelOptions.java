package io.embedkit.examples.cli;

import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import picocli.CommandLine.Option;

/** The options that pick and tune a model, shared by the commands that embed. */
final class TextModelOptions {
  @Option(names = "--model", defaultValue = "minilm", paramLabel = "SRC",
      description = "Model: an embedded name (minilm), a folder (text, ResNet-style image, or CLIP), a file,"
          + " classpath:/path or a URL (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--engine", paramLabel = "onnx|pytorch",
      description = "Engine, when the folder holds both model.onnx and model.pt (default: onnx).")
  String engine;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Items per model call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Native threads per model call; 0 for the engine's default.")
  int threads;

  /** TorchScript's thread counts are process-wide, read once when libtorch starts: set them first. */
  void applyThreads() {
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  TextEncoder open() {
    applyThreads();
    TextEncoderConfig.Builder b = TextEncoderConfig.builder().setSource(ModelSource.parse(model)).optBatchSize(batch)
        .optThreads(threads);
    if (engine != null) {
      b.optEngine(ModelEngine.parse(engine));
    }
    return TextEncoder.create(b.build());
  }
}
