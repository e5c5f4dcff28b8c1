package io.embedkit.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens saved {@link KeywordIndex} folders; modules register implementations through
 * {@link ServiceLoader} ({@code META-INF/services/io.embedkit.core.KeywordIndexLoader}).
 */
public interface KeywordIndexLoader {
  /**
   * Opens a folder if this loader wrote it.
   *
   * @param folder a folder written by {@link KeywordIndex#save}
   * @return the index, or empty if the folder is not of this loader's kind
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the folder is of this loader's kind but damaged
   */
  Optional<KeywordIndex> load(Path folder) throws IOException;

  /**
   * Opens a saved keyword index with the first loader on the classpath that reads it.
   *
   * @param folder the folder
   * @return the index
   * @throws IOException if reading fails or the folder does not exist
   * @throws IndexCorruptedException if no loader reads it (or none is on the classpath)
   */
  static KeywordIndex loadAny(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new java.nio.file.NoSuchFileException(folder.toString(), null, "keyword index folder does not exist");
    }
    boolean any = false;
    for (KeywordIndexLoader loader : ServiceLoader.load(KeywordIndexLoader.class)) {
      any = true;
      Optional<KeywordIndex> index = loader.load(folder);
      if (index.isPresent()) {
        return index.get();
      }
    }
    throw new IndexCorruptedException(folder, any ? "is not a keyword index any module on the classpath reads"
        : "cannot be opened: no keyword index module on the classpath (add io.embedkit:embedkit-keyword)");
  }
}
