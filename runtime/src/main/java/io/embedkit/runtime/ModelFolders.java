package io.embedkit.runtime;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What every encoder reads from a model folder besides its weights: {@code embedkit.json} and the space name. */
public final class ModelFolders {
  private ModelFolders() {}

  /**
   * Reads a folder's {@code embedkit.json}.
   *
   * @param dir the model folder
   * @return its content, or null if the folder has none
   * @throws ModelLoadException if the file is not a JSON object
   */
  public static JsonObject embedkitJson(Path dir) {
    return json(dir.resolve("embedkit.json"), true);
  }

  /**
   * Reads a JSON object file.
   *
   * @param file the file
   * @param optional whether a missing file gives null rather than an error
   * @return its content, or null when missing and optional
   * @throws ModelLoadException if the file is missing (and not optional) or not a JSON object
   */
  public static JsonObject json(Path file, boolean optional) {
    if (!Files.isRegularFile(file)) {
      if (optional) {
        return null;
      }
      throw new ModelLoadException(file + ": no such file");
    }
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(file + ": cannot read it as a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a required JSON settings file of a model folder, e.g. {@code preprocessor_config.json}, with a parser
   * whose bad-value errors are reported as load errors naming the file.
   *
   * @param file the file
   * @param parser turns the object into settings; may throw {@link io.embedkit.core.InvalidInputException} or
   *     Gson's type errors
   * @param <T> the settings type
   * @return the settings
   * @throws ModelLoadException if the file is missing, not JSON, or holds unusable values
   */
  public static <T> T settings(Path file, java.util.function.Function<JsonObject, T> parser) {
    JsonObject o = json(file, false);
    try {
      return parser.apply(o);
    } catch (io.embedkit.core.InvalidInputException | IllegalStateException | ClassCastException
        | NumberFormatException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the engine {@code embedkit.json} names.
   *
   * @param ek the folder's {@code embedkit.json}, or null
   * @return the engine, or null to choose from the weights files
   */
  public static ModelEngine engine(JsonObject ek) {
    return ek != null && ek.has("engine") ? ModelEngine.parse(ek.get("engine").getAsString()) : null;
  }

  /**
   * Returns the embedding space name of a model folder: {@code embedkit.json} {@code space}, else
   * {@code config.json} {@code _name_or_path}, else the folder name, else {@code location}.
   *
   * @param dir the model folder
   * @param ek its {@code embedkit.json}, or null
   * @param location the source's location, the last resort
   * @return the name
   */
  public static String spaceName(Path dir, JsonObject ek, String location) {
    if (ek != null && ek.has("space")) {
      return ek.get("space").getAsString();
    }
    Path cfg = dir.resolve("config.json");
    if (Files.isRegularFile(cfg)) {
      try {
        JsonObject o = JsonParser.parseString(Files.readString(cfg)).getAsJsonObject();
        if (o.has("_name_or_path") && !o.get("_name_or_path").getAsString().isBlank()) {
          return o.get("_name_or_path").getAsString();
        }
      } catch (IOException | RuntimeException ignored) {
        // the folder name serves
      }
    }
    return Optional.ofNullable(dir.getFileName()).map(Path::toString).orElse(location);
  }

  /**
   * For {@link io.embedkit.core.EncoderProvider#accepts}: whether a hub source ({@link ModelSource#isHub}) has the
   * layout a provider reads. Opens the repository (fetching its configuration files, not its weights); when
   * it cannot be opened the answer is yes, so that opening it reports why.
   *
   * @param source the user's string
   * @param layout the test on the opened repository
   * @return true if the source is a hub repository of that layout or cannot be opened
   */
  public static boolean hubAccepts(String source, java.util.function.Predicate<ResolvedModel> layout) {
    try {
      return layout.test(ModelSource.parse(source).resolve());
    } catch (ModelLoadException e) {
      return true;
    }
  }

  /**
   * Returns whether a folder's {@code config.json} says it is a CLIP model ({@code "model_type": "clip"}).
   *
   * @param dir the model folder
   * @return true for CLIP
   */
  public static boolean isClipConfig(Path dir) {
    try {
      JsonObject cfg = json(dir.resolve("config.json"), true);
      return cfg != null && cfg.has("model_type") && "clip".equals(cfg.get("model_type").getAsString());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Returns the (height, width) of the images a model folder's {@code preprocessor_config.json} makes: its crop
   * size, else its size, else 224 x 224.
   *
   * @param dir the model folder
   * @return {height, width}
   */
  public static int[] imageSize(Path dir) {
    JsonObject cfg;
    try {
      cfg = json(dir.resolve("preprocessor_config.json"), true);
    } catch (ModelLoadException e) {
      cfg = null;
    }
    for (String key : new String[] {"crop_size", "size"}) {
      if (cfg == null || !cfg.has(key)) {
        continue;
      }
      com.google.gson.JsonElement e = cfg.get(key);
      try {
        if (e.isJsonPrimitive()) {
          return new int[] {e.getAsInt(), e.getAsInt()};
        }
        JsonObject o = e.getAsJsonObject();
        if (o.has("height") && o.has("width")) {
          return new int[] {o.get("height").getAsInt(), o.get("width").getAsInt()};
        }
        if (o.has("shortest_edge")) {
          return new int[] {o.get("shortest_edge").getAsInt(), o.get("shortest_edge").getAsInt()};
        }
      } catch (RuntimeException ignored) {
        // the default serves
      }
    }
    return new int[] {224, 224};
  }

  /**
   * Reads a JSON boolean setting strictly: {@code true} or {@code false}, never a string such as {@code "yes"}
   * silently read as false.
   *
   * @param o the settings object
   * @param key the setting
   * @param dflt the value when it is absent or null
   * @return the value
   * @throws io.embedkit.core.InvalidInputException naming the setting and what it holds when it is no boolean
   */
  public static boolean bool(JsonObject o, String key, boolean dflt) {
    if (o == null || !o.has(key) || o.get(key).isJsonNull()) {
      return dflt;
    }
    com.google.gson.JsonElement e = o.get(key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new io.embedkit.core.InvalidInputException("\"" + key + "\" must be true or false, was " + e);
    }
    return e.getAsBoolean();
  }
}
