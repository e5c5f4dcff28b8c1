package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.guice.EmbeddingStoreModule;
import io.embedkit.index.flat.FlatIndexConfig;
import io.embedkit.index.flat.FlatIndexModule;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import io.embedkit.text.TextEncoderModule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuiceWiringTest {
  @Test
  void theTextEncoderAndTheFlatIndexWireIntoAStore() {
    Injector injector = Guice.createInjector(
        new TextEncoderModule(TextEncoderConfig.defaults()),
        new FlatIndexModule(new FlatIndexConfig(384, Metric.COSINE)),
        EmbeddingStoreModule.of(String.class));
    try (EmbeddingStore<String> store = injector.getInstance(new Key<EmbeddingStore<String>>() {})) {
      assertThat(store.encoder()).isSameAs(injector.getInstance(new Key<Encoder<String>>() {}))
          .isSameAs(injector.getInstance(TextEncoder.class));
      List<String> docs = List.of("Artificial intelligence is revolutionizing healthcare",
          "Healthcare costs continue to rise in many countries",
          "Data privacy is a major concern in medical applications");
      for (int i = 0; i < docs.size(); i++) {
        store.add("d" + i, docs.get(i));
      }
      assertThat(store.search("AI in medicine", 2)).extracting(SearchHit::id).containsExactly("d0", "d2");
    }
  }

  /** Three modalities in one application: the encoders in the parent, one index and store per modality in a child. */
  @Test
  void textImageAndAudioStoresWireSideBySide() {
    Injector encoders = Guice.createInjector(
        new TextEncoderModule(TextEncoderConfig.defaults()),
        new io.embedkit.image.ImageEncoderModule(io.embedkit.image.ImageEncoderConfig.builder()
            .setSource(io.embedkit.runtime.ModelSource.parse(EncodersTest.IMAGES.resolve("tiny-resnet").toString()))
            .build()),
        new io.embedkit.audio.AudioEncoderModule(io.embedkit.audio.AudioEncoderConfig.builder()
            .setSource(io.embedkit.runtime.ModelSource.parse(EncodersTest.AUDIO.resolve("tiny-wav2vec2").toString()))
            .build()));
    Encoder<java.awt.image.BufferedImage> imageEncoder =
        encoders.getInstance(new Key<Encoder<java.awt.image.BufferedImage>>() {});
    Encoder<io.embedkit.audio.AudioClip> audioEncoder =
        encoders.getInstance(new Key<Encoder<io.embedkit.audio.AudioClip>>() {});
    Injector images = encoders.createChildInjector(
        new io.embedkit.index.hnsw.HnswIndexModule(io.embedkit.index.hnsw.HnswConfig.of(
            imageEncoder.space().dimension(), Metric.COSINE)),
        EmbeddingStoreModule.of(java.awt.image.BufferedImage.class));
    Injector audio = encoders.createChildInjector(
        new FlatIndexModule(new FlatIndexConfig(audioEncoder.space().dimension(), Metric.COSINE)),
        EmbeddingStoreModule.of(io.embedkit.audio.AudioClip.class));
    EmbeddingStore<java.awt.image.BufferedImage> photos =
        images.getInstance(new Key<EmbeddingStore<java.awt.image.BufferedImage>>() {});
    EmbeddingStore<io.embedkit.audio.AudioClip> sounds =
        audio.getInstance(new Key<EmbeddingStore<io.embedkit.audio.AudioClip>>() {});
    try (photos; sounds) {
      java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
      java.awt.image.BufferedImage blue = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 64; x++) {
          red.setRGB(x, y, 0xE02010);
          blue.setRGB(x, y, (x * 4) << 8 | 0x2030F0);
        }
      }
      photos.add("red", red);
      photos.add("blue", blue);
      assertThat(photos.search(red, 1).get(0).id()).isEqualTo("red");
      assertThat(photos.index().space()).contains(imageEncoder.space());
      float[] tone = new float[16000];
      float[] noise = new float[16000];
      java.util.SplittableRandom r = new java.util.SplittableRandom(1);
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) Math.sin(2 * Math.PI * 440 * i / 16000.0) * 0.5f;
        noise[i] = (float) (r.nextDouble() - 0.5);
      }
      sounds.add("tone", io.embedkit.audio.AudioClip.mono(tone, 16000));
      sounds.add("noise", io.embedkit.audio.AudioClip.mono(noise, 16000));
      assertThat(sounds.search(io.embedkit.audio.AudioClip.mono(noise, 16000), 1).get(0).id()).isEqualTo("noise");
      // the text store's space is another one: a text encoder cannot query the image store
      Encoder<String> text = encoders.getInstance(new Key<Encoder<String>>() {});
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> photos.search(text, "red", 1, null))
          .isInstanceOf(io.embedkit.core.InvalidInputException.class).hasMessageContaining("all-MiniLM-L6-v2");
    } finally {
      encoders.getInstance(new Key<Encoder<String>>() {}).close();
    }
  }
}
