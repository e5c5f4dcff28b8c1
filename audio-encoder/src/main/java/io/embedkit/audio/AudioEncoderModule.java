package io.embedkit.audio;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.embedkit.core.Encoder;
import java.util.Objects;

/** Binds {@code Encoder<AudioClip>} to an {@link AudioEncoder} built from an {@link AudioEncoderConfig}. */
public final class AudioEncoderModule extends AbstractModule {
  private final AudioEncoderConfig config;

  /**
   * Creates the module.
   *
   * @param config the encoder configuration
   */
  public AudioEncoderModule(AudioEncoderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(AudioEncoderConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  Encoder<AudioClip> encoder(AudioEncoderConfig c) {
    return AudioEncoder.create(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioEncoderModule other && config.equals(other.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
