package io.embedkit.runtime;

import io.embedkit.core.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  public record Weights(ModelEngine engine, Path file) {
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

  /** The sub-folder Hugging Face's ONNX exports (optimum, transformers.js repositories) put weights in. */
  public static final String ONNX_FOLDER = "onnx";

  /**
   * Finds a model's weights, as {@link #locate(ResolvedModel, String, ModelEngine, String)} does without a
   * variant.
   *
   * @param model the model
   * @param baseName the weights' base name, e.g. {@code "model"}
   * @param requested the engine asked for, or null to choose from the files
   * @return the weights and their engine
   * @throws ModelLoadException naming the files looked for when none exists
   */
  public static Weights locate(ResolvedModel model, String baseName, ModelEngine requested) {
    return locate(model, baseName, requested, null);
  }

  /**
   * Finds a model's weights: the file a source names directly; else, in the folder or its {@code onnx/}
   * sub-folder (the hub's layout), {@code baseName.onnx} or {@code baseName.pt} (ONNX first unless an engine
   * is requested); else the one variant {@code baseName_*.onnx} there is. A variant picks one of several:
   * {@code quantized} for {@code model_quantized.onnx}, {@code int8}, {@code fp16}, {@code O4}, ..., or a file
   * name relative to the folder.
   *
   * @param model the model
   * @param baseName the weights' base name, e.g. {@code "model"} or {@code "vision_model"}
   * @param requested the engine asked for, or null to choose from the files
   * @param variant the variant or file name, or null for the plain weights
   * @return the weights and their engine
   * @throws ModelLoadException naming the files looked for and what the folder holds when none fits, or every
   *     candidate when several variants fit and none was picked
   */
  public static Weights locate(ResolvedModel model, String baseName, ModelEngine requested, String variant) {
    Weights w = find(model, baseName, requested, variant);
    return new Weights(w.engine(), model.fetch(w.file()));
  }

  private static Weights find(ResolvedModel model, String baseName, ModelEngine requested, String variant) {
    Path p = model.path();
    if (Files.isRegularFile(p)) {
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
    Path dir = model.directory();
    if (variant != null && !variant.isBlank()) {
      return variant(model, dir, baseName, requested, variant.trim());
    }
    List<Path> plain = new ArrayList<>();
    for (ModelEngine e : requested == null ? List.of(ONNX, PYTORCH) : List.of(requested)) {
      plain.add(dir.resolve(e.fileName(baseName)));
      if (e == ONNX) {
        plain.add(dir.resolve(ONNX_FOLDER).resolve(e.fileName(baseName)));
      }
    }
    for (Path f : plain) {
      if (model.hasFile(f)) {
        return new Weights(of(f), f);
      }
    }
    List<Path> variants = requested == ModelEngine.PYTORCH ? List.of() : variants(model, dir, baseName);
    if (variants.size() == 1) {
      return new Weights(ONNX, variants.get(0));
    }
    if (variants.size() > 1) {
      throw new ModelLoadException("model " + model.source() + ": " + dir + " holds several " + baseName
          + " weights " + relative(dir, variants) + " and no " + ONNX.fileName(baseName) + "; pick one with the"
          + " weights setting (optWeights, --weights): " + variantNames(baseName, variants) + " or a file name");
    }
    String what = requested == null ? "weights" : requested.name().toLowerCase(Locale.ROOT) + " weights";
    throw new ModelLoadException("model " + model.source() + ": no " + what + " file " + relative(dir, plain)
        + " in " + dir + " (it holds " + listing(model, dir) + ")");
  }

  private static Weights variant(ResolvedModel model, Path dir, String baseName, ModelEngine requested,
      String variant) {
    if (variant.endsWith(ONNX.extension) || variant.endsWith(PYTORCH.extension)) {
      Path f = dir.resolve(variant).normalize();
      if (!f.startsWith(dir.normalize()) || !model.hasFile(f)) {
        throw new ModelLoadException("model " + model.source() + ": weights file " + variant + " not found in "
            + dir + " (it holds " + listing(model, dir) + ")");
      }
      if (requested != null && of(f) != requested) {
        throw new ModelLoadException("model " + model.source() + ": weights file " + variant + " is not for "
            + requested.djlName());
      }
      return new Weights(of(f), f);
    }
    List<Path> variants = variants(model, dir, baseName);
    for (Path f : variants) {
      if (f.getFileName().toString().equals(baseName + "_" + variant + ONNX.extension)) {
        return new Weights(ONNX, f);
      }
    }
    throw new ModelLoadException("model " + model.source() + ": no " + baseName + " weights of variant '" + variant
        + "' in " + dir + (variants.isEmpty() ? " (it has no variants; it holds " + listing(model, dir) + ")"
        : " (variants: " + variantNames(baseName, variants) + ")"));
  }

  private static ModelEngine of(Path file) {
    return file.getFileName().toString().endsWith(ONNX.extension) ? ONNX : PYTORCH;
  }

  /** The {@code baseName_*.onnx} files in the folder and its onnx/ sub-folder, sorted. */
  private static List<Path> variants(ResolvedModel model, Path dir, String baseName) {
    List<Path> out = new ArrayList<>();
    for (Path d : List.of(dir, dir.resolve(ONNX_FOLDER))) {
      for (Path f : model.filesIn(d)) {
        String n = f.getFileName().toString();
        if (n.startsWith(baseName + "_") && n.endsWith(ONNX.extension)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static List<String> variantNames(String baseName, List<Path> variants) {
    List<String> names = new ArrayList<>();
    for (Path f : variants) {
      String n = f.getFileName().toString();
      names.add(n.substring(baseName.length() + 1, n.length() - ONNX.extension.length()));
    }
    return names;
  }

  private static List<String> relative(Path dir, List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.add(dir.relativize(f).toString());
    }
    return out;
  }

  private static List<String> listing(ResolvedModel model, Path dir) {
    List<String> out = new ArrayList<>();
    for (Path d : List.of(dir, dir.resolve(ONNX_FOLDER))) {
      for (Path f : model.filesIn(d)) {
        out.add(dir.relativize(f).toString());
      }
    }
    return out;
  }
}
