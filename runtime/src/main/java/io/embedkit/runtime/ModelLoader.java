package io.embedkit.runtime;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import io.embedkit.core.ModelLoadException;
import java.io.IOException;

/** Loads a weights file on its engine, on the CPU, the way every embedkit encoder does. */
final class ModelLoader {
  private ModelLoader() {}

  /**
   * Loads a model.
   *
   * @param weights the weights file and its engine
   * @param input the predictor input type
   * @param output the predictor output type
   * @param translator the translator
   * @param threads native threads per call for ONNX Runtime; for TorchScript, process-wide and set by the first
   *     model loaded; or 0 for the default
   * @param <I> the input type
   * @param <O> the output type
   * @return the loaded model; the caller closes it
   * @throws ModelLoadException naming the file and the engine when loading fails
   */
  static <I, O> ZooModel<I, O> load(ModelEngine.Weights weights, Class<I> input, Class<O> output,
      Translator<I, O> translator, int threads) {
    if (weights.engine() == ModelEngine.PYTORCH && !libtorchAvailable()) {
      throw new ModelLoadException("model " + weights.file() + " is TorchScript, which runs on libtorch: add"
          + " ai.djl.pytorch:pytorch-native-cpu with your platform's classifier (linux-x86_64, linux-aarch64,"
          + " osx-aarch64 or win-x86_64) to the dependencies, or use an ONNX export of the model");
    }
    Criteria.Builder<I, O> b = Criteria.builder()
        .setTypes(input, output)
        .optModelPath(weights.file().getParent())
        .optModelName(weights.modelName())
        .optEngine(weights.engine().djlName())
        .optDevice(Device.cpu())
        .optTranslator(translator);
    if (threads > 0 && weights.engine() == ModelEngine.ONNX) {
      b.optOption("intraOpNumThreads", Integer.toString(threads));
      b.optOption("interOpNumThreads", "1");
    }
    if (threads > 0 && weights.engine() == ModelEngine.PYTORCH
        && System.getProperty("ai.djl.pytorch.num_threads") == null) {
      // libtorch's thread counts are process-wide, read once when it starts: the first model loaded sets them
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    try {
      return b.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw new ModelLoadException("model " + weights.file() + " cannot be loaded on " + weights.engine().djlName()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Tells whether libtorch can be found without a download: a {@code pytorch-native-*} jar on the class path,
   * or a local libtorch named by {@code PYTORCH_LIBRARY_PATH}.
   */
  static boolean libtorchAvailable() {
    return ModelLoader.class.getResource("/native/lib/pytorch.properties") != null
        || System.getenv("PYTORCH_LIBRARY_PATH") != null || System.getProperty("PYTORCH_LIBRARY_PATH") != null;
  }
}
