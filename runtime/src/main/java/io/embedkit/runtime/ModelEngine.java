package io.embedkit.runtime;

import io.embedkit.core.ModelLoadException;
import java.util.Locale;

/** The inference engines embedkit runs models on, each with its weights file ending. */
public enum ModelEngine {
  /** ONNX Runtime, for {@code .onnx} weights. */
  ONNX("OnnxRuntime", ".onnx"),
  /** PyTorch (libtorch), for TorchScript {@code .pt} weights. */
  PYTORCH("PyTorch", ".pt");

  private final String djlName;
  private final String extension;

  ModelEngine(String djlName, String extension) {
    this.djlName = djlName;
    this.extension = extension;
  }

  /**
   * Returns DJL's name of the engine.
   *
   * @return e.g. {@code "OnnxRuntime"}
   */
  public String djlName() {
    return djlName;
  }

  /**
   * Returns the weights file name for a model base name.
   *
   * @param baseName e.g. {@code "model"} or {@code "vision_model"}
   * @return e.g. {@code "model.onnx"}
   */
  public String fileName(String baseName) {
    return baseName + extension;
  }

  /**
   * Parses an engine name: {@code onnx}, {@code onnxruntime}, {@code pytorch}, {@code torchscript}, {@code pt}.
   *
   * @param name the name
   * @return the engine
   * @throws ModelLoadException naming the accepted values if unknown
   */
  public static ModelEngine parse(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "onnx":
      case "onnxruntime":
        return ONNX;
      case "pytorch":
      case "torchscript":
      case "pt":
        return PYTORCH;
      default:
        throw new ModelLoadException("unknown engine '" + name + "': expected onnx or pytorch");
    }
  }

  /**
   * A weights file and the engine that runs it.
   *
   * @param engine the engine
   * @param file the weights file
   */
  public record Weights(ModelEngine engine, java.nio.file.Path file) {
    /**
     * Returns the file name without its extension, as DJL's {@code optModelName} wants it.
     *
     * @return e.g. {@code "model"}
     */
    public String modelName() {
      String n = file.getFileName().toString();
      return n.substring(0, n.length() - engine.extension.length());
    }
  }

  /**
   * Finds a model's weights: the file a source names directly, else {@code baseName.onnx} or
   * {@code baseName.pt} in its folder. When both exist, ONNX is used unless an engine is requested.
   *
   * @param model the model
   * @param baseName the weights' base name, e.g. {@code "model"}
   * @param requested the engine asked for, or null to choose from the files
   * @return the weights and their engine
   * @throws ModelLoadException naming the files looked for when none exists
   */
  public static Weights locate(ResolvedModel model, String baseName, ModelEngine requested) {
    java.nio.file.Path p = model.path();
    if (java.nio.file.Files.isRegularFile(p)) {
      String n = p.getFileName().toString();
      for (ModelEngine e : values()) {
        if (n.endsWith(e.extension) && (requested == null || requested == e)) {
          return new Weights(e, p);
        }
      }
      if (requested == null && !n.endsWith(ONNX.extension) && !n.endsWith(PYTORCH.extension)) {
        throw new ModelLoadException("model file " + p + " is neither .onnx (ONNX Runtime) nor .pt (TorchScript)");
      }
    }
    if (requested != null) {
      return new Weights(requested, model.requireOneOf(
          requested.name().toLowerCase(Locale.ROOT) + " weights", requested.fileName(baseName)));
    }
    java.nio.file.Path found = model.requireOneOf("weights", ONNX.fileName(baseName), PYTORCH.fileName(baseName));
    return new Weights(found.getFileName().toString().endsWith(ONNX.extension) ? ONNX : PYTORCH, found);
  }
}
