package io.embedkit.solr;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.index.store.IndexFiles;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.SpaceBinding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a saved {@link SolrVectorIndex} file holds (format {@value SolrVectorIndex#FORMAT}): not the vectors,
 * which stay in the collection, but where the collection is, its layout and the embedding space.
 *
 * @param config the Solr URLs, the collection and its vector field's settings
 * @param space the embedding space bound to the index, if any
 */
record SolrPointerFile(SolrIndexConfig config, Optional<EmbeddingSpace> space) {
  /** Writes a pointer file atomically. */
  static void write(Path path, SolrIndexConfig config, SpaceBinding space) throws IOException {
    IndexFiles.write(path, SolrVectorIndex.FORMAT, SolrVectorIndex.VERSION, out -> {
      out.writeInt(config.solrUrls().size());
      for (String url : config.solrUrls()) {
        out.writeString(url);
      }
      out.writeString(config.collection());
      out.writeInt(config.dimension());
      out.writeString(config.metric().name());
      out.writeInt(config.m());
      out.writeInt(config.efConstruction());
      space.write(out);
    });
  }

  /** Reads a pointer file, checking every value. */
  static SolrPointerFile read(Path path) throws IOException {
    return IndexFiles.read(path, SolrVectorIndex.FORMAT, SolrVectorIndex.VERSION, SolrPointerFile::body);
  }

  private static SolrPointerFile body(IndexInput in, int version) throws IOException {
    int urls = in.readInt("URL count", 1, 1000);
    List<String> list = new ArrayList<>();
    for (int i = 0; i < urls; i++) {
      list.add(in.readString());
    }
    String collection = in.readString();
    int dim = in.readInt("dimension", 1, 4096);
    io.embedkit.core.Metric metric = in.readMetric();
    int m = in.readInt("m", 2, 512);
    int efc = in.readInt("efConstruction", 1, 3200);
    SolrIndexConfig config;
    try {
      config = new SolrIndexConfig(list, collection, dim, metric, m, efc);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new IndexCorruptedException(in.file(), e.getMessage());
    }
    SpaceBinding binding = new SpaceBinding(dim);
    binding.read(in, version >= 2 ? 3 : 2); // the space as index format 3 writes it, or as 2 did
    return new SolrPointerFile(config, binding.get());
  }
}
