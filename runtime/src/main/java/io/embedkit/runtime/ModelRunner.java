package io.embedkit.runtime;

import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.ModelMemoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded model that many threads may run at once: a weights file on its engine, on the CPU, behind a pool
 * of DJL predictors. Only heap arrays go in and come out; native memory is freed per call. Closing it
 * closes the predictors, then the model; a second close does nothing.
 *
 * <pre>{@code
 * try (ModelRunner model = ModelRunner.load(ModelEngine.locate(folder, "model", null), 0, 2)) {
 *   ModelOutput out = model.run(ModelInput.of("pixel_values", pixels, 1, 3, 224, 224));
 * }
 * }</pre>
 */
public final class ModelRunner implements Model {
  private final ModelEngine.Weights weights;
  private final PredictorPool<ModelInput, ModelOutput> pool;
  private final List<String> inputNames;
  private final List<ModelInput.Tensor> placeholders;
  private final String output;

  private ModelRunner(ModelEngine.Weights weights, PredictorPool<ModelInput, ModelOutput> pool,
      List<String> inputNames, List<ModelInput.Tensor> placeholders, String output) {
    this.weights = weights;
    this.pool = pool;
    this.inputNames = inputNames;
    this.placeholders = placeholders;
    this.output = output;
  }

  /**
   * Returns whether the graph holds both towers of a text-image model in one file, as optimum exports CLIP:
   * it takes {@code input_ids} and {@code pixel_values}.
   *
   * @return true for such a graph
   */
  public boolean isTwoTower() {
    return inputNames.contains("input_ids") && inputNames.contains("pixel_values");
  }

  /**
   * Returns a runner of a {@linkplain #isTwoTower two-tower graph}'s image tower: it feeds the text tower a
   * one-token placeholder and returns {@code image_embeds}. It takes over this runner, which must not be
   * used or closed afterwards.
   *
   * @return the image tower
   */
  public ModelRunner imageTower() {
    List<ModelInput.Tensor> p = new ArrayList<>();
    for (String name : inputNames) {
      if (!name.equals("pixel_values")) {
        p.add(ModelInput.Tensor.longs(name, new long[] {name.equals("input_ids") ? 0 : 1}, 1, 1));
      }
    }
    return new ModelRunner(weights, pool, List.of("pixel_values"), List.copyOf(p), "image_embeds");
  }

  /**
   * Returns a runner of a {@linkplain #isTwoTower two-tower graph}'s text tower: it feeds the image tower one
   * black image of the given size and returns {@code text_embeds}. It takes over this runner, which must not
   * be used or closed afterwards.
   *
   * @param height the image height the graph expects
   * @param width the image width the graph expects
   * @return the text tower
   */
  public ModelRunner textTower(int height, int width) {
    List<String> text = new ArrayList<>(inputNames);
    text.remove("pixel_values");
    return new ModelRunner(weights, pool, List.copyOf(text), List.of(ModelInput.Tensor.floats("pixel_values",
        new float[3 * height * width], 1, 3, height, width)), "text_embeds");
  }

  /**
   * Loads a model.
   *
   * @param weights the weights file and its engine
   * @param threads native threads per call (ONNX Runtime; TorchScript's are process-wide), or 0 for the default
   * @param concurrency how many calls may run at once, positive
   * @return the runner; the caller closes it
   * @throws io.embedkit.core.ModelLoadException naming the file and the engine when loading fails
   */
  public static ModelRunner load(ModelEngine.Weights weights, int threads, int concurrency) {
    Djl.applyDefaults();
    ZooModel<ModelInput, ModelOutput> zoo = ModelLoader.load(weights, ModelInput.class, ModelOutput.class,
        new TensorTranslator(), threads);
    List<String> names;
    try {
      PairList<String, ?> described = zoo.describeInput();
      names = described == null ? List.of() : List.copyOf(described.keys());
    } catch (RuntimeException e) {
      names = List.of(); // engines that cannot describe their inputs
    }
    return new ModelRunner(weights, new PredictorPool<>(zoo, concurrency), names, List.of(), null);
  }

  /**
   * Runs the model once.
   *
   * @param input the batch
   * @return its first output
   * @throws io.embedkit.core.EmbedkitException if the model fails
   * @throws io.embedkit.core.AlreadyClosedException if the runner is closed
   */
  @Override
  public ModelOutput run(ModelInput input) {
    try {
      return pool.predict(output == null ? input : input.with(placeholders, output));
    } catch (EmbedkitException e) {
      throw outOfMemory(e, input).orElseThrow(() -> e);
    }
  }

  private static final Pattern ALLOCATION = Pattern.compile(
      "(?:Failed to allocate memory for requested buffer of size|can't allocate memory: you tried to allocate)"
      + " (\\d+)");

  /**
   * Returns the engine's failure to allocate a batch's memory as one sentence saying what to change, when
   * that is what the failure is: ONNX Runtime's arena or libtorch's CPU allocator refusing a buffer.
   *
   * @param failure the failure of a run
   * @param input the batch that ran
   * @return the exception to throw instead, or empty for other failures
   */
  static Optional<ModelMemoryException> outOfMemory(Throwable failure, ModelInput input) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher m = t.getMessage() == null ? null : ALLOCATION.matcher(t.getMessage());
      if (m != null && m.find()) {
        double gb = Long.parseLong(m.group(1)) / 1e9;
        StringBuilder shapes = new StringBuilder();
        for (ModelInput.Tensor tensor : input.tensors()) {
          shapes.append(shapes.length() == 0 ? "" : ", ").append(tensor.name()).append(' ')
              .append(Arrays.toString(tensor.shape()));
        }
        return Optional.of(new ModelMemoryException(String.format(Locale.ROOT, "the model could not allocate"
            + " %.1f GB for a batch of %d (%s): use a smaller batch (--batch, optBatchSize) or shorter inputs"
            + " (audio: --window, optWindows)", gb, input.rows(), shapes), failure));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the input names the model declares, in its order.
   *
   * @return the names; empty when the engine does not say (TorchScript often does not)
   */
  public List<String> inputNames() {
    return inputNames;
  }

  /**
   * Returns the name of a model's one input, for models that take exactly one tensor.
   *
   * @param fallback the name to use when the model does not declare its inputs
   * @param what what the input is, for the message, e.g. {@code "the (N, 3, H, W) pixels"}
   * @return the declared name, or {@code fallback}
   * @throws io.embedkit.core.ModelLoadException if the model declares more than one input
   */
  public String singleInputName(String fallback, String what) {
    if (inputNames.isEmpty()) {
      return fallback;
    }
    if (inputNames.size() != 1) {
      throw new io.embedkit.core.ModelLoadException("model " + weights.file() + " takes " + inputNames
          + "; it should take one input, " + what);
    }
    return inputNames.get(0);
  }

  /**
   * Runs the model once on a sample input and returns the embedding dimension its first output gives.
   *
   * @param sample a one-row input
   * @param what what the sample is, for messages, e.g. {@code "one second of silence"}
   * @return D for (N, D) and (N, T, D) outputs, C for (N, C, H, W)
   * @throws io.embedkit.core.ModelLoadException if the model fails on the sample or gives another rank
   */
  public int embeddingDimension(ModelInput sample, String what) {
    ModelOutput out;
    try {
      out = run(sample);
    } catch (RuntimeException e) {
      throw new io.embedkit.core.ModelLoadException("model " + weights.file() + " fails on " + what + ": "
          + e.getMessage(), e);
    }
    int dim = EncoderOutputs.dimension(out.shape());
    if (dim < 0) {
      throw new io.embedkit.core.ModelLoadException("model " + weights.file() + ": first output has shape "
          + java.util.Arrays.toString(out.shape()) + "; expected (N, D), (N, T, D) or (N, C, H, W)");
    }
    return dim;
  }

  /**
   * Returns the weights file and engine.
   *
   * @return the weights
   */
  public ModelEngine.Weights weights() {
    return weights;
  }

  @Override
  public String engineName() {
    return weights.engine().djlName();
  }

  @Override
  public void close() {
    pool.close();
  }
}
