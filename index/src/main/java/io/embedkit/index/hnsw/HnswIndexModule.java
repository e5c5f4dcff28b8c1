package io.embedkit.index.hnsw;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.VectorIndex;
import java.util.Objects;

/**
 * Binds {@link VectorIndex} to a new {@link HnswIndex} built from an {@link HnswConfig}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new HnswIndexModule(HnswConfig.of(384, Metric.COSINE)));
 * }</pre>
 */
public final class HnswIndexModule extends AbstractModule {
  private final HnswConfig config;

  /**
   * Creates the module.
   *
   * @param config the index configuration
   */
  public HnswIndexModule(HnswConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(HnswConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  VectorIndex index(HnswConfig c) {
    return HnswIndex.create(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HnswIndexModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
