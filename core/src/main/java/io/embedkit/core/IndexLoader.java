package io.embedkit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens saved index files of the types a module writes; found through {@link ServiceLoader}, so that code
 * depending only on {@code core} (e.g. {@link EmbeddingStore#load}) can open any index on the classpath.
 */
public interface IndexLoader {
  /**
   * Loads a file when it is of a type this loader reads.
   *
   * @param file the index file
   * @return the index, or empty when the file is of another type
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if the file is of this loader's type but damaged
   */
  Optional<VectorIndex> load(Path file) throws IOException;

  /**
   * Connects to an index a location names that is not a local file, e.g. {@code solr://host:port/collection},
   * when this loader knows its scheme.
   *
   * @param location the location, with a {@code scheme://}
   * @return the index, or empty when the scheme is another loader's
   * @throws IOException if the index cannot be reached
   */
  default Optional<VectorIndex> connect(String location) throws IOException {
    return Optional.empty();
  }

  /**
   * Opens the index a user's string names: a remote index ({@code scheme://...}) through the loader that
   * knows its scheme, else an index file through {@link #loadAny}.
   *
   * @param location a file path or a {@code scheme://} location
   * @return the index; the caller closes it
   * @throws IOException if the file cannot be read or the index reached
   * @throws InvalidInputException if no such file exists, or no loader on the classpath knows the scheme
   * @throws IndexCorruptedException if the file is no index any loader reads, or damaged
   */
  static VectorIndex openAny(String location) throws IOException {
    if (location == null || location.isBlank()) {
      throw new InvalidInputException("an index must be named: a file or a scheme://location");
    }
    if (!location.contains("://")) {
      Path file = Path.of(location);
      if (!java.nio.file.Files.exists(file)) {
        throw new InvalidInputException("index file " + file + ": does not exist");
      }
      return loadAny(file);
    }
    for (IndexLoader loader : ServiceLoader.load(IndexLoader.class)) {
      Optional<VectorIndex> index = loader.connect(location);
      if (index.isPresent()) {
        return index.get();
      }
    }
    throw new InvalidInputException("no index module on the classpath opens '" + location
        + "' (solr:// needs io.embedkit:embedkit-solr)");
  }

  /**
   * Loads an index file with the first loader on the classpath that reads its type.
   *
   * @param file the index file
   * @return the index
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if no loader reads it, or it is damaged
   */
  static VectorIndex loadAny(Path file) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "index file does not exist");
    }
    boolean any = false;
    for (IndexLoader loader : ServiceLoader.load(IndexLoader.class)) {
      any = true;
      Optional<VectorIndex> index = loader.load(file);
      if (index.isPresent()) {
        return index.get();
      }
    }
    throw new IndexCorruptedException(file, any ? "is not an index type any module on the classpath reads"
        : "cannot be opened: no index module on the classpath (add io.embedkit:embedkit-index)");
  }
}
