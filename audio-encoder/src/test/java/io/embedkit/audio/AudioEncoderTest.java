package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.Guice;
import com.google.inject.Key;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioEncoderTest {
  private static AudioEncoder windowed(double seconds, double overlap) {
    return AudioEncoder.create(AudioEncoderConfig.builder()
        .setSource(ModelSource.parse(AudioFixtures.resource("tiny-logmel").toString())).optEngine(ModelEngine.ONNX)
        .optWindows(seconds, overlap).build());
  }

  @Test
  void longClipsAreEmbeddedInWindowsPooledByDuration() {
    AudioClip speech = AudioDecoder.decode(AudioFixtures.audio("speech_16k_float.wav")); // 1.44 s at 16 kHz
    try (AudioEncoder encoder = windowed(0.5, 0.1)) {
      List<AudioEncoder.WindowEmbedding> ws = encoder.encodeWindows(speech);
      // starts every 0.4 s; the piece after 1.3 s is under half a window, so the window at 0.8 s takes it
      assertThat(ws).extracting(AudioEncoder.WindowEmbedding::startSeconds)
          .containsExactly(0.0, 0.4, 0.8);
      assertThat(ws.get(0).endSeconds()).isCloseTo(0.5, within(1e-9));
      assertThat(ws.get(2).endSeconds()).isCloseTo(speech.seconds(), within(1e-9));
      float[] whole = encoder.encode(speech);
      double[] want = new double[whole.length];
      double total = 0;
      for (AudioEncoder.WindowEmbedding w : ws) {
        double d = w.endSeconds() - w.startSeconds();
        total += d;
        for (int i = 0; i < want.length; i++) {
          want[i] += d * w.vector()[i];
        }
      }
      for (int i = 0; i < want.length; i++) {
        assertThat(whole[i]).as("component " + i + ": duration-weighted mean of the windows")
            .isCloseTo((float) (want[i] / total), within(1e-5f));
      }
      // a clip no longer than the window is one window, the same as its embedding
      AudioClip shortClip = AudioDecoder.decode(AudioFixtures.audio("short_44k.wav"));
      assertThat(encoder.encodeWindows(shortClip)).hasSize(1);
      assertThat(encoder.encodeWindows(shortClip).get(0).vector()).containsExactly(encoder.encode(shortClip));
    }
  }

  @Test
  void badInputsFailTypedAndGuiceBindsTheEncoder() {
    AudioEncoderConfig config = AudioEncoderConfig.builder()
        .setSource(ModelSource.parse(AudioFixtures.resource("tiny-wav2vec2").toString())).optNormalize(true).build();
    try (Encoder<AudioClip> encoder = Guice.createInjector(new AudioEncoderModule(config))
        .getInstance(new Key<Encoder<AudioClip>>() {})) {
      assertThat(encoder.space().normalized()).isTrue();
      AudioEncoder audio = (AudioEncoder) encoder;
      assertThatThrownBy(() -> audio.encode(AudioFixtures.audio("bad_truncated.wav")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
      assertThatThrownBy(() -> audio.encode(AudioFixtures.audio("bad_alaw.wav")))
          .isInstanceOf(UnsupportedFormatException.class);
      assertThatThrownBy(() -> audio.encode(new byte[0])).hasMessageContaining("empty file");
      float[] silent = audio.encode(AudioFixtures.audio("silent_22k.wav"));
      for (float v : silent) {
        assertThat(Float.isFinite(v)).as("silence embeds to finite values").isTrue();
      }
    }
    assertThatThrownBy(() -> AudioEncoderConfig.builder().setSource(config.source()).optWindows(1, 1).build())
        .hasMessageContaining("0 <= overlap < length");
  }

  @Test
  void aWav2Vec2UnderOnnxEmbedsAsTheFlatFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path hub = java.nio.file.Files.createDirectories(tmp.resolve("wav2vec2/onnx")).getParent();
    java.nio.file.Files.copy(AudioFixtures.resource("tiny-wav2vec2/preprocessor_config.json"),
        hub.resolve("preprocessor_config.json"));
    java.nio.file.Files.copy(AudioFixtures.resource("tiny-wav2vec2/model.onnx"), hub.resolve("onnx/model.onnx"));
    try (AudioEncoder flat = AudioEncoderParityTest.open("tiny-wav2vec2", ModelEngine.ONNX);
        Encoder<AudioClip> moved = io.embedkit.core.Encoders.open(hub.toString(), AudioClip.class)) {
      for (String clip : new String[] {"speech_22k.wav", "tones_44k.wav"}) {
        assertThat(((AudioEncoder) moved).encode(AudioFixtures.audio(clip))).as(clip + " from the hub layout")
            .containsExactly(flat.encode(AudioFixtures.audio(clip)));
      }
    }
  }
}
