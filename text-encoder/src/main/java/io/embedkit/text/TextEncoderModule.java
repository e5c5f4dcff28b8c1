package io.embedkit.text;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.Encoder;
import java.util.Objects;

/**
 * Binds {@code Encoder<String>} to a {@link TextEncoder} built from a {@link TextEncoderConfig}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new TextEncoderModule(TextEncoderConfig.defaults()));
 * Encoder<String> encoder = injector.getInstance(new Key<Encoder<String>>() {});
 * }</pre>
 */
public final class TextEncoderModule extends AbstractModule {
  private final TextEncoderConfig config;

  /**
   * Creates the module.
   *
   * @param config the encoder configuration
   */
  public TextEncoderModule(TextEncoderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(TextEncoderConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  Encoder<String> encoder(TextEncoderConfig c) {
    return TextEncoder.create(c);
  }

  @Provides
  @Singleton
  TextEncoder textEncoder(Encoder<String> encoder) {
    return (TextEncoder) encoder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextEncoderModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
