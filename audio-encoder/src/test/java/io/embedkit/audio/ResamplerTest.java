package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.testing.TestSeeds;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.ScalarKernels;
import io.embedkit.core.vector.VectorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resampling parity with torchaudio.functional.resample on speech, tones and noise (reference/index.json):
 * max abs difference at most 1e-4, for the Hann and the Kaiser filter, down and up, with the scalar and (when
 * the Vector API is present) the SIMD kernels; and against a direct double-precision evaluation of torchaudio's
 * formula for rate pairs whose output blocks fall differently on the phases.
 */
class ResamplerTest {
  /** The scalar kernels, and the SIMD ones when this JVM has them. */
  static List<VectorKernels> kernels() {
    List<VectorKernels> k = new ArrayList<>(List.of(ScalarKernels.INSTANCE));
    if (Kernels.panamaAvailable()) {
      k.add(Kernels.panama());
    }
    return k;
  }

  static List<String> inputs() {
    return List.copyOf(AudioFixtures.index().keySet());
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void toSixteenKilohertzMatchesTorchaudio(String name) {
    AudioClip clip = AudioDecoder.decode(AudioFixtures.audio(name));
    float[] mono = clip.downmix();
    float[] want = AudioFixtures.floats(name, "hann");
    float[] hann = null;
    for (VectorKernels k : kernels()) {
      hann = Resampler.of(clip.sampleRate(), 16000).withKernels(k).apply(mono);
      assertThat(hann).as(name + " length").hasSize(want.length);
      assertThat(AudioFixtures.maxAbsDiff(hann, want)).as(name + " Hann vs torchaudio, max abs, " + k.name())
          .isLessThanOrEqualTo(1e-4);
      float[] kaiser = Resampler.of(clip.sampleRate(), 16000, 6, 0.99, Resampler.Window.KAISER,
          Resampler.DEFAULT_BETA).withKernels(k).apply(mono);
      assertThat(AudioFixtures.maxAbsDiff(kaiser, AudioFixtures.floats(name, "kaiser")))
          .as(name + " Kaiser vs torchaudio, max abs, " + k.name()).isLessThanOrEqualTo(1e-4);
    }
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
  void everyRatePairAndLengthMatchesTheDirectFormula() {
    long seed = TestSeeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    int[][] pairs = {{44100, 16000}, {48000, 16000}, {32000, 16000}, {22050, 16000}, {11025, 16000},
        {16000, 44100}, {8000, 22050}, {16000, 8000}, {12345, 16000}, {7, 3}, {3, 7}, {16000, 16001}};
    for (int[] pair : pairs) {
      for (int n : new int[] {1, 5, 37, 2001}) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = (float) (r.nextDouble() - 0.5);
        }
        double[] want = direct(x, pair[0], pair[1]);
        for (VectorKernels k : kernels()) {
          float[] got = Resampler.of(pair[0], pair[1]).withKernels(k).apply(x);
          assertThat(got).hasSize(want.length);
          double worst = 0;
          for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
          }
          assertThat(worst).as("tests.seed=%d %s %d -> %d Hz, %d samples", seed, k.name(), pair[0], pair[1], n)
              .isLessThan(1e-5);
        }
      }
    }
  }

  /** torchaudio's Hann-windowed sinc evaluated per output in double, every tap of the window, zero padded. */
  private static double[] direct(float[] x, int from, int to) {
    int g = java.math.BigInteger.valueOf(from).gcd(java.math.BigInteger.valueOf(to)).intValue();
    int orig = from / g;
    int next = to / g;
    double base = Math.min(orig, next) * 0.99;
    int width = (int) Math.ceil(6.0 * orig / base);
    double[] out = new double[(int) (((long) x.length * next + orig - 1) / orig)];
    for (int o = 0; o < out.length; o++) {
      int frame = o / next;
      int phase = o % next;
      double s = 0;
      // only where |t| < 6: elsewhere the window is zero
      int jlo = (int) Math.max(0, Math.floor((-6 / base + (double) phase / next) * orig + width) - 1);
      int jhi = (int) Math.min(2 * width + orig, Math.ceil((6 / base + (double) phase / next) * orig + width) + 2);
      for (int j = jlo; j < jhi; j++) {
        long idx = (long) frame * orig - width + j;
        if (idx < 0 || idx >= x.length) {
          continue;
        }
        double t = Math.max(-6, Math.min(6, (-(double) phase / next + (double) (j - width) / orig) * base));
        double w = Math.pow(Math.cos(t * Math.PI / 12), 2);
        double v = t == 0 ? 1 : Math.sin(t * Math.PI) / (t * Math.PI);
        s += x[(int) idx] * v * w * base / orig;
      }
      out[o] = s;
    }
    return out;
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
