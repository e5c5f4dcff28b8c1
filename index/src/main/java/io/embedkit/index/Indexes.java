package io.embedkit.index;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.IndexLoader;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.index.store.IndexFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens saved indexes of any type embedkit writes. */
public final class Indexes {
  private Indexes() {}

  /** The {@link IndexLoader} of this module's index types, registered for {@link java.util.ServiceLoader}. */
  public static final class Loader implements IndexLoader {
    /** Creates the loader (called by {@link java.util.ServiceLoader}). */
    public Loader() {}

    @Override
    public Optional<VectorIndex> load(Path file) throws IOException {
      String format = IndexFiles.formatOf(file);
      if (FlatIndex.FORMAT.equals(format) || HnswIndex.FORMAT.equals(format)) {
        return Optional.of(Indexes.load(file));
      }
      return Optional.empty();
    }
  }

  /**
   * Loads an index file, whatever index type wrote it.
   *
   * @param path the file
   * @return the index
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is truncated, altered, foreign or of an unknown type
   */
  public static VectorIndex load(Path path) throws IOException {
    String format = IndexFiles.formatOf(path);
    if (FlatIndex.FORMAT.equals(format)) {
      return FlatIndex.load(path);
    }
    if (HnswIndex.FORMAT.equals(format)) {
      return HnswIndex.load(path);
    }
    throw new IndexCorruptedException(path, "holds index type '" + format + "', which this build cannot"
        + " read (known: " + FlatIndex.FORMAT + ", " + HnswIndex.FORMAT + ")");
  }
}
