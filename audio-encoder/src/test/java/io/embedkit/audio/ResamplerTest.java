package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resampling parity with torchaudio.functional.resample on speech, tones and noise (reference/index.json):
 * max abs difference at most 1e-4, for the Hann and the Kaiser filter, down and up.
 */
class ResamplerTest {
  static List<String> inputs() {
    return List.copyOf(AudioFixtures.index().keySet());
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void toSixteenKilohertzMatchesTorchaudio(String name) {
    AudioClip clip = AudioDecoder.decode(AudioFixtures.audio(name));
    float[] mono = clip.downmix();
    float[] hann = Resampler.of(clip.sampleRate(), 16000).apply(mono);
    float[] want = AudioFixtures.floats(name, "hann");
    assertThat(hann).as(name + " length").hasSize(want.length);
    assertThat(AudioFixtures.maxAbsDiff(hann, want)).as(name + " Hann vs torchaudio, max abs").isLessThanOrEqualTo(1e-4);
    float[] kaiser = Resampler.of(clip.sampleRate(), 16000, 6, 0.99, Resampler.Window.KAISER, Resampler.DEFAULT_BETA)
        .apply(mono);
    assertThat(AudioFixtures.maxAbsDiff(kaiser, AudioFixtures.floats(name, "kaiser")))
        .as(name + " Kaiser vs torchaudio, max abs").isLessThanOrEqualTo(1e-4);
    float[] normalized = AudioNormalization.ZERO_MEAN_UNIT_VARIANCE.apply(hann);
    float[] wantNorm = AudioFixtures.floats(name, "normalized");
    for (float v : normalized) {
      assertThat(Float.isNaN(v)).isFalse();
    }
    assertThat(AudioFixtures.maxAbsDiff(normalized, wantNorm)).as(name + " normalised vs Wav2Vec2FeatureExtractor")
        .isLessThanOrEqualTo(1e-3); // unit variance scales the 1e-4 resampling tolerance up
  }

  @Test
  void upsamplingMatchesTorchaudio() {
    for (String[] c : new String[][] {{"speech_8k.wav", "22050"}, {"speech_16k_float.wav", "44100"}}) {
      AudioClip clip = AudioDecoder.decode(AudioFixtures.audio(c[0]));
      float[] up = Resampler.of(clip.sampleRate(), Integer.parseInt(c[1])).apply(clip.downmix());
      float[] want = AudioFixtures.floats(c[0], "up_" + c[1]);
      assertThat(up).hasSize(want.length);
      assertThat(AudioFixtures.maxAbsDiff(up, want)).as(c[0] + " to " + c[1] + " Hz").isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void edgeCases() {
    float[] x = {0.1f, 0.2f};
    assertThat(Resampler.of(16000, 16000).apply(x)).isSameAs(x);
    assertThat(Resampler.of(44100, 16000).outputLength(44100)).isEqualTo(16000);
    assertThat(Resampler.of(44100, 16000).apply(new float[0])).isEmpty();
    assertThat(AudioNormalization.ZERO_MEAN_UNIT_VARIANCE.apply(new float[100])).containsOnly(0f);
    assertThat(AudioNormalization.PEAK.apply(new float[] {0.5f, -0.25f})).containsExactly(1f, -0.5f);
    assertThatThrownBy(() -> Resampler.of(0, 16000)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Resampler.of(16000, 8000, 6, 1.5, Resampler.Window.HANN, 0))
        .hasMessageContaining("rolloff");
    assertThatThrownBy(() -> Resampler.of(8000, 16000).apply(AudioClip.mono(x, 22050)))
        .hasMessageContaining("takes 8000 Hz audio, the clip is at 22050 Hz");
  }
}
