package io.embedkit.image;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.Encoder;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Binds {@code Encoder<BufferedImage>} to an {@link ImageEncoder} built from an {@link ImageEncoderConfig}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new ImageEncoderModule(ImageEncoderConfig.builder()
 *     .setSource(ModelSource.parse("/models/resnet50")).build()));
 * Encoder<BufferedImage> encoder = injector.getInstance(new Key<Encoder<BufferedImage>>() {});
 * }</pre>
 */
public final class ImageEncoderModule extends AbstractModule {
  private final ImageEncoderConfig config;

  /**
   * Creates the module.
   *
   * @param config the encoder configuration
   */
  public ImageEncoderModule(ImageEncoderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(ImageEncoderConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  Encoder<BufferedImage> encoder(ImageEncoderConfig c) {
    return ImageEncoder.create(c);
  }

  @Provides
  @Singleton
  ImageEncoder imageEncoder(Encoder<BufferedImage> encoder) {
    return (ImageEncoder) encoder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageEncoderModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
