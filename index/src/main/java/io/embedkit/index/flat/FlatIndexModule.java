package io.embedkit.index.flat;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.VectorIndex;
import java.util.Objects;

/**
 * Binds {@link VectorIndex} to a new {@link FlatIndex} built from a {@link FlatIndexConfig}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new FlatIndexModule(new FlatIndexConfig(384, Metric.COSINE)));
 * }</pre>
 */
public final class FlatIndexModule extends AbstractModule {
  private final FlatIndexConfig config;

  /**
   * Creates the module.
   *
   * @param config the index's dimension and metric
   */
  public FlatIndexModule(FlatIndexConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(FlatIndexConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  VectorIndex index(FlatIndexConfig c) {
    return FlatIndex.create(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlatIndexModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
