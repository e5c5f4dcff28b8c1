package io.embedkit.spark;

import com.google.inject.AbstractModule;
import java.util.Objects;

/**
 * Binds {@link SparkEmbedder} for a driver program wired with Guice. The executors need no injector: the
 * embedder is a serializable value and each executor opens its encoder from the {@link EncoderSpec} it carries.
 */
public final class SparkEmbedderModule extends AbstractModule {
  private final SparkEmbedder embedder;

  /**
   * Creates the module.
   *
   * @param embedder the configured embedder
   */
  public SparkEmbedderModule(SparkEmbedder embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  @Override
  protected void configure() {
    bind(SparkEmbedder.class).toInstance(embedder);
    bind(EncoderSpec.class).toInstance(embedder.spec());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparkEmbedderModule other && embedder.spec().equals(other.embedder.spec());
  }

  @Override
  public int hashCode() {
    return embedder.spec().hashCode();
  }
}
