package io.embedkit.runtime;

import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model that {@link ModelSource#resolve()} found on the local file system: a model folder, or a single
 * weights file whose folder holds the configuration files; for a hub repository, the snapshot folder, whose
 * weights are fetched when an encoder picks them.
 *
 * @param source where the model came from
 * @param path the local folder or file
 * @param hub the hub snapshot the folder belongs to, or null for a local model
 */
public record ResolvedModel(ModelSource source, Path path, HubSnapshot hub) {
  /**
   * A local model.
   *
   * @param source where the model came from
   * @param path the local folder or file
   */
  public ResolvedModel(ModelSource source, Path path) {
    this(source, path, null);
  }

  /**
   * Returns whether a file of the model exists, locally or (for a hub snapshot) in the repository.
   *
   * @param file a path under {@link #directory()}
   * @return true if it exists or can be fetched
   */
  public boolean hasFile(Path file) {
    if (Files.isRegularFile(file)) {
      return true;
    }
    String rel = relative(file);
    return hub != null && rel != null && hub.files().contains(rel);
  }

  /**
   * Returns the files directly inside a folder of the model, local or (for a hub snapshot) in the repository.
   *
   * @param dir a folder under {@link #directory()}
   * @return the files, sorted
   */
  public List<Path> filesIn(Path dir) {
    java.util.TreeSet<Path> out = new java.util.TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(Files::isRegularFile).forEach(out::add);
      } catch (IOException e) {
        throw new ModelLoadException(dir + ": cannot be listed: " + e.getMessage(), e);
      }
    }
    String rel = relative(dir);
    if (hub != null && rel != null) {
      String prefix = rel.isEmpty() ? "" : rel + "/";
      for (String f : hub.files()) {
        if (f.startsWith(prefix) && f.indexOf('/', prefix.length()) < 0) {
          out.add(directory().resolve(f));
        }
      }
    }
    return new java.util.ArrayList<>(out);
  }

  /**
   * Makes a file of the model local: for a hub snapshot, fetches it (and an ONNX file's external data) unless
   * the cache holds it; a local model's file is returned as it is.
   *
   * @param file a path under {@link #directory()}
   * @return the local file
   * @throws ModelLoadException if it cannot be fetched
   */
  public Path fetch(Path file) {
    String rel = relative(file);
    return hub != null && rel != null && !rel.isEmpty() ? hub.fetch(rel) : file;
  }

  /**
   * Returns whether the model holds weights of a base name, plain or as variants, at the top of its folder or
   * in {@code onnx/} (locally or, for a hub snapshot, in the repository).
   *
   * @param baseName e.g. {@code "model"} or {@code "vision_model"}
   * @return true if there are such weights
   */
  public boolean hasWeights(String baseName) {
    if (Files.isRegularFile(path)) {
      String n = path.getFileName().toString();
      return n.endsWith(".onnx") || n.endsWith(".pt");
    }
    Path dir = directory();
    if (hasFile(dir.resolve(baseName + ".pt"))) {
      return true;
    }
    for (Path d : List.of(dir, dir.resolve(ModelEngine.ONNX_FOLDER))) {
      for (Path f : filesIn(d)) {
        String n = f.getFileName().toString();
        if (n.endsWith(".onnx") && (n.equals(baseName + ".onnx") || n.startsWith(baseName + "_"))) {
          return true;
        }
      }
    }
    return false;
  }

  private String relative(Path file) {
    Path dir = directory().toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(dir) ? dir.relativize(f).toString().replace('\\', '/') : null;
  }

  /**
   * Returns the model folder: the path itself, or the folder holding a single weights file.
   *
   * @return the folder
   */
  public Path directory() {
    return Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
  }

  /**
   * Returns a file of the model folder if it exists.
   *
   * @param name the file's path relative to the folder, e.g. {@code "1_Pooling/config.json"}
   * @return the file, or empty
   */
  public Optional<Path> file(String name) {
    Path p = directory().resolve(name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Returns the first of several candidate files that exists.
   *
   * @param what what the file is, for the message, e.g. {@code "weights"}
   * @param names candidate file names, in order of preference
   * @return the file found
   * @throws ModelLoadException naming the folder, the candidates and what the folder holds
   */
  public Path requireOneOf(String what, String... names) {
    if (!Files.isDirectory(path)) {
      for (String n : names) {
        if (path.getFileName().toString().equals(n)) {
          return path;
        }
      }
    }
    for (String n : names) {
      Optional<Path> f = file(n);
      if (f.isPresent()) {
        return f.get();
      }
    }
    throw new ModelLoadException(
        "model " + source + ": no " + what + " file " + Arrays.toString(names) + " in " + directory()
            + " (it holds " + listing() + ")");
  }

  private List<String> listing() {
    try (Stream<Path> s = Files.list(directory())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of("<unreadable: " + e.getMessage() + ">");
    }
  }
}
