package io.embedkit.solr;

import io.embedkit.core.IndexLoader;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.store.IndexFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens saved Solr pointer files for {@link IndexLoader#loadAny} and {@code solr://host:port/collection}
 * locations for {@link IndexLoader#openAny}; registered for {@link java.util.ServiceLoader}.
 */
public final class SolrIndexLoader implements IndexLoader {
  /** Creates the loader (called by {@link java.util.ServiceLoader}). */
  public SolrIndexLoader() {}

  @Override
  public Optional<VectorIndex> load(Path file) throws IOException {
    return SolrVectorIndex.FORMAT.equals(IndexFiles.formatOf(file)) ? Optional.of(SolrVectorIndex.load(file))
        : Optional.empty();
  }

  @Override
  public Optional<VectorIndex> connect(String location) {
    return location.startsWith("solr://") ? Optional.of(SolrVectorIndex.connect(location)) : Optional.empty();
  }
}
