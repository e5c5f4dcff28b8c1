package io.embedkit.springai;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.Indexes;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: with this module on the class path an application gets an embedkit
 * {@link EmbeddingModel} and {@link VectorStore} from {@code embedkit.*} properties alone (see
 * {@link EmbedkitProperties}); beans of its own of those types take precedence (a {@code VectorStore} of its own
 * over another index: {@code new EmbedkitVectorStore(index, model)}). The index file named by
 * {@code embedkit.index.path} is loaded at start (its model space checked against the model's) and saved,
 * atomically, when the context closes.
 */
@AutoConfiguration
@EnableConfigurationProperties(EmbedkitProperties.class)
public class EmbedkitAutoConfiguration {
  /** Creates the configuration. */
  public EmbedkitAutoConfiguration() {}

  /**
   * The text encoder named by {@code embedkit.model}; closed with the context.
   *
   * @param properties the settings
   * @return the encoder
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = "embedkitEncoder")
  public Encoder<String> embedkitEncoder(EmbedkitProperties properties) {
    return Encoders.open(properties.getModel(), String.class);
  }

  /**
   * Spring AI's embedding model over the encoder.
   *
   * @param embedkitEncoder the encoder
   * @return the model
   */
  @Bean
  @ConditionalOnMissingBean(EmbeddingModel.class)
  public EmbedkitEmbeddingModel embedkitEmbeddingModel(Encoder<String> embedkitEncoder) {
    return new EmbedkitEmbeddingModel(embedkitEncoder);
  }

  /**
   * The index: loaded from {@code embedkit.index.path} when that file exists, else new.
   *
   * @param properties the settings
   * @param embedkitEncoder the encoder, whose space the index must hold
   * @return the index
   */
  @Bean
  @ConditionalOnMissingBean(VectorStore.class)
  public SavedIndex embedkitIndex(EmbedkitProperties properties, Encoder<String> embedkitEncoder) {
    EmbeddingSpace space = embedkitEncoder.space();
    String path = properties.getIndex().getPath();
    try {
      if (path != null && Files.exists(Path.of(path))) {
        VectorIndex loaded = Indexes.load(Path.of(path));
        loaded.space().ifPresent(s -> s.requireCompatible(space, path));
        loaded.bindSpace(space);
        return new SavedIndex(loaded, Path.of(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("embedkit.index.path " + path + ": " + e.getMessage(), e);
    }
    Metric metric = Metric.parse(properties.getIndex().getMetric());
    VectorIndex index;
    switch (properties.getIndex().getType().toLowerCase(Locale.ROOT)) {
      case "hnsw":
        index = HnswIndex.create(HnswConfig.of(space.dimension(), metric));
        break;
      case "flat":
        index = FlatIndex.create(space.dimension(), metric);
        break;
      default:
        throw new InvalidInputException("embedkit.index.type '" + properties.getIndex().getType()
            + "': expected hnsw or flat");
    }
    index.bindSpace(space);
    return new SavedIndex(index, path == null ? null : Path.of(path));
  }

  /**
   * Spring AI's vector store over the index and the embedding model.
   *
   * @param embedkitIndex the index
   * @param embeddingModel the embedding model (embedkit's, unless the application defines its own)
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean(VectorStore.class)
  public EmbedkitVectorStore embedkitVectorStore(SavedIndex embedkitIndex, EmbeddingModel embeddingModel) {
    return new EmbedkitVectorStore(embedkitIndex.index(), embeddingModel);
  }

  /** The auto-configured index and where it is saved when the context closes. */
  public static final class SavedIndex implements AutoCloseable {
    private final VectorIndex index;
    private final Path path;

    SavedIndex(VectorIndex index, Path path) {
      this.index = index;
      this.path = path;
    }

    /**
     * Returns the index.
     *
     * @return the index
     */
    public VectorIndex index() {
      return index;
    }

    /**
     * Saves the index to {@code embedkit.index.path}, if set, and closes it.
     *
     * @throws IOException if saving fails
     */
    @Override
    public void close() throws IOException {
      try {
        if (path != null) {
          if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
          }
          index.save(path);
        }
      } finally {
        index.close();
      }
    }
  }
}
