package io.embedkit.solr;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.VectorIndex;
import java.util.Objects;

/** Binds {@link VectorIndex} to a {@link SolrVectorIndex} connected as its {@link SolrIndexConfig} says. */
public final class SolrIndexModule extends AbstractModule {
  private final SolrIndexConfig config;

  /**
   * Creates the module.
   *
   * @param config where the collection is and what its vectors are
   */
  public SolrIndexModule(SolrIndexConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(SolrIndexConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  VectorIndex index(SolrIndexConfig c) {
    return SolrVectorIndex.connect(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SolrIndexModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
