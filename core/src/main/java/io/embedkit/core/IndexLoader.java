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
