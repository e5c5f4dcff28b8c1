package io.embedkit.runtime;

import com.google.gson.JsonObject;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Metric;
import java.nio.file.Path;

/**
 * A model source resolved once: its folder on disk and its {@code embedkit.json}, read once, from which an
 * encoder finds its weights, its engine, its normalisation and its space name.
 *
 * @param model the resolved model (a folder, or a weights file in its folder)
 * @param embedkitJson the folder's {@code embedkit.json}, or null
 */
public record ModelFolder(ResolvedModel model, JsonObject embedkitJson) {
  /**
   * Resolves a source, fetching or unpacking it the first time, and reads its {@code embedkit.json}.
   *
   * @param source the source
   * @return the folder
   * @throws io.embedkit.core.ModelLoadException if the source cannot be found or its embedkit.json is no JSON
   */
  public static ModelFolder open(ModelSource source) {
    ResolvedModel model = source.resolve();
    return new ModelFolder(model, ModelFolders.embedkitJson(model.directory()));
  }

  /**
   * Returns the folder.
   *
   * @return the folder
   */
  public Path directory() {
    return model.directory();
  }

  /**
   * Finds the weights: the engine asked for, else the one {@code embedkit.json} names, else from the files.
   *
   * @param baseName the weights' base name, e.g. {@code "model"}
   * @param requested the engine asked for, or null
   * @return the weights and their engine
   * @throws io.embedkit.core.ModelLoadException naming the files looked for when none exists
   */
  public ModelEngine.Weights weights(String baseName, ModelEngine requested) {
    return weights(baseName, requested, null);
  }

  /**
   * Finds the weights of a variant or file name, at the top of the folder or in its {@code onnx/} sub-folder.
   *
   * @param baseName the weights' base name, e.g. {@code "model"}
   * @param requested the engine asked for, or null
   * @param variant {@code quantized}, {@code int8}, ... or a file name; null for the plain weights
   * @return the weights and their engine
   * @throws io.embedkit.core.ModelLoadException naming what was looked for and what the folder holds
   */
  public ModelEngine.Weights weights(String baseName, ModelEngine requested, String variant) {
    return ModelEngine.locate(model, baseName, requested != null ? requested : ModelFolders.engine(embedkitJson),
        variant);
  }

  /**
   * Returns whether embeddings are L2-normalised: as configured, else {@code embedkit.json}'s
   * {@code normalize}, else not.
   *
   * @param configured the caller's choice, or null
   * @return the choice in effect
   */
  public boolean normalize(Boolean configured) {
    if (configured != null) {
      return configured;
    }
    try {
      return ModelFolders.bool(embedkitJson, "normalize", false);
    } catch (io.embedkit.core.InvalidInputException e) {
      throw new io.embedkit.core.ModelLoadException(directory().resolve("embedkit.json") + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the embedding space of this model's vectors, named as {@link #space(int, boolean)} says and
   * identified by a {@linkplain Fingerprints fingerprint} of the weights and the settings: the same weights and
   * settings give the same space wherever the folder is and whatever it is called. The two towers of a CLIP
   * folder ({@code vision_model*} and {@code text_model*} side by side) share one fingerprint, over both
   * towers' weights and the normalisation.
   *
   * @param dimension the vectors' dimension
   * @param normalized whether they are L2-normalised
   * @param weights the weights the encoder runs
   * @param settings what else shapes the vectors (preprocessing, pooling, prefix, ...), as names and values
   * @return the space, with cosine similarity
   * @throws io.embedkit.core.ModelLoadException if a weights file cannot be read
   */
  public EmbeddingSpace space(int dimension, boolean normalized, ModelEngine.Weights weights,
      java.util.Map<String, String> settings) {
    java.util.Map<String, String> s = new java.util.TreeMap<>(settings);
    java.util.List<Path> files = new java.util.ArrayList<>();
    Path file = weights.file();
    String n = file.getFileName().toString();
    Path companion = null;
    if (n.startsWith("vision_model")) {
      companion = file.resolveSibling("text_model" + n.substring("vision_model".length()));
    } else if (n.startsWith("text_model")) {
      companion = file.resolveSibling("vision_model" + n.substring("text_model".length()));
    }
    if (companion != null && model.hasFile(companion)) {
      Path other = model.fetch(companion);
      files.addAll(n.startsWith("text_model") ? java.util.List.of(file, other) : java.util.List.of(other, file));
      s.clear(); // each tower knows only its own preprocessing
    } else {
      files.add(file);
    }
    for (Path f : new java.util.ArrayList<>(files)) {
      for (String data : new String[] {f.getFileName() + "_data", f.getFileName() + ".data"}) {
        if (java.nio.file.Files.isRegularFile(f.resolveSibling(data))) {
          files.add(f.resolveSibling(data));
        }
      }
    }
    s.put("dimension", Integer.toString(dimension));
    s.put("normalize", Boolean.toString(normalized));
    return space(dimension, normalized).withFingerprint(Fingerprints.of(files, s));
  }

  /**
   * Returns the embedding space of this model's vectors, without a fingerprint, named as {@link ModelFolders#spaceName} says (a hub
   * repository: its {@code embedkit.json} space, else its id).
   *
   * @param dimension the vectors' dimension
   * @param normalized whether they are L2-normalised
   * @return the space, with cosine similarity
   */
  public EmbeddingSpace space(int dimension, boolean normalized) {
    String name;
    if (model.source().kind() == ModelSource.Kind.HUB && (embedkitJson == null || !embedkitJson.has("space"))) {
      String location = model.source().location();
      name = location.contains("@") ? location.substring(0, location.indexOf('@')) : location;
    } else {
      name = ModelFolders.spaceName(directory(), embedkitJson, model.source().location());
    }
    return new EmbeddingSpace(name, dimension, normalized, Metric.COSINE);
  }
}
