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
 * weights file whose folder holds the configuration files.
 *
 * @param source where the model came from
 * @param path the local folder or file
 */
public record ResolvedModel(ModelSource source, Path path) {
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
