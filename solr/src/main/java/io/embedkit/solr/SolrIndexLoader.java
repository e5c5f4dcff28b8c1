package io.embedkit.solr;

import io.embedkit.core.IndexLoader;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.store.IndexFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens saved Solr pointer files for {@link IndexLoader#loadAny}; registered for {@link java.util.ServiceLoader}. */
public final class SolrIndexLoader implements IndexLoader {
  /** Creates the loader (called by {@link java.util.ServiceLoader}). */
  public SolrIndexLoader() {}

  @Override
  public Optional<VectorIndex> load(Path file) throws IOException {
    return SolrVectorIndex.FORMAT.equals(IndexFiles.formatOf(file)) ? Optional.of(SolrVectorIndex.load(file))
        : Optional.empty();
  }
}
