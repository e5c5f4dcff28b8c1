package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding parity with torchaudio.load (reference/index.json "load"), and every bad input typed and named. */
class AudioDecoderTest {
  static List<String> inputs() {
    return List.copyOf(AudioFixtures.index().keySet());
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void samplesEqualTorchaudioLoad(String name) {
    JsonObject ref = AudioFixtures.index().getAsJsonObject(name);
    AudioClip clip = AudioDecoder.decode(AudioFixtures.audio(name));
    assertThat(clip.sampleRate()).as(name + " rate").isEqualTo(ref.get("rate").getAsInt());
    assertThat(clip.channelCount()).as(name + " channels").isEqualTo(ref.get("channels").getAsInt());
    assertThat(clip.length()).as(name + " length").isEqualTo(ref.get("length").getAsInt());
    float[] want = AudioFixtures.floats(name, "load"); // (channels, length), row-major
    int n = clip.length();
    for (int c = 0; c < clip.channelCount(); c++) {
      float[] got = clip.channels()[c];
      float[] row = java.util.Arrays.copyOfRange(want, c * n, (c + 1) * n);
      assertThat(AudioFixtures.maxAbsDiff(got, row)).as(name + " channel " + c + " vs torchaudio.load, max abs")
          .isLessThanOrEqualTo(1e-7);
    }
  }

  @Test
  void badInputsFailTypedAndNameTheFault() {
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_truncated.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad_truncated.wav: WAV data chunk declares")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_header.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad_header.wav: WAV");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_empty.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no samples");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_nan.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sample 50 of channel 0 is NaN");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_rate0.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sample rate of 0 Hz");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_rate_huge.wav")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sample rate of 2000000000 Hz");
    assertThatThrownBy(() -> AudioDecoder.decode(AudioFixtures.audio("bad_alaw.wav")))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("WAV encoding 0x6 is not supported");
    assertThatThrownBy(() -> AudioDecoder.decode(new byte[0], "empty.wav"))
        .isInstanceOf(InvalidInputException.class).hasMessage("empty.wav: empty file, not audio");
    assertThatThrownBy(() -> AudioDecoder.decode("not audio at all".getBytes(), "notes.txt"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("notes.txt: not a WAV, AIFF, FLAC or MP3 file");
  }

  @Test
  void mp3DecodesToTorchaudiosSamplesOnceTheDecoderDelaysAreAligned() throws Exception {
    JsonObject ref = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(
        AudioFixtures.resource("reference/index.json"))).getAsJsonObject().getAsJsonObject("mp3")
        .getAsJsonObject("speech_22k.mp3");
    AudioClip clip = AudioDecoder.decode(AudioFixtures.audio("speech_22k.mp3"));
    assertThat(clip.sampleRate()).isEqualTo(ref.get("rate").getAsInt());
    assertThat(clip.channelCount()).isEqualTo(ref.get("channels").getAsInt());
    float[] want = AudioFixtures.floatsFile(ref.get("file").getAsString()); // tools/fixtures/make_audio.py --mp3-only
    assertThat(want).hasSize(ref.get("length").getAsInt());
    float[] got = clip.downmix();
    // MP3 decoders start with different delays (up to two granules): align on the best correlation
    int lag = bestLag(got, want, 2304);
    double maxDiff = 0;
    double diffEnergy = 0;
    double energy = 0;
    int compared = 0;
    for (int i = Math.max(0, -lag); i < want.length && i + lag < got.length; i++) {
      double d = got[i + lag] - want[i];
      maxDiff = Math.max(maxDiff, Math.abs(d));
      diffEnergy += d * d;
      energy += (double) want[i] * want[i];
      compared++;
    }
    assertThat(compared).as("aligned samples (lag " + lag + ")").isGreaterThan(want.length - 2304);
    assertThat(energy).as("the reference is speech, not silence").isGreaterThan(1);
    assertThat(10 * Math.log10(energy / diffEnergy)).as("signal-to-difference ratio vs torchaudio, dB (lag " + lag
        + ", max difference " + maxDiff + ")").isGreaterThan(MP3_MIN_SNR_DB);
    assertThat(maxDiff).as("largest sample difference vs torchaudio (lag " + lag + ")").isLessThan(MP3_MAX_DIFF);
  }

  /** The decoders' measured agreement on the fixture is far above these; a wrong decode is far below. */
  private static final double MP3_MIN_SNR_DB = 40;
  private static final double MP3_MAX_DIFF = 0.01;

  /** The shift of {@code got} against {@code want}, within {@code max} samples, that correlates them best. */
  private static int bestLag(float[] got, float[] want, int max) {
    int best = 0;
    double bestDot = Double.NEGATIVE_INFINITY;
    for (int lag = -max; lag <= max; lag++) {
      double dot = 0;
      for (int i = Math.max(0, -lag); i < want.length && i + lag < got.length; i++) {
        dot += (double) got[i + lag] * want[i];
      }
      if (dot > bestDot) {
        bestDot = dot;
        best = lag;
      }
    }
    return best;
  }

  @Test
  void clipsRejectNonFiniteSamplesAndBadRates() {
    assertThatThrownBy(() -> AudioClip.mono(new float[] {0, Float.POSITIVE_INFINITY}, 16000))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sample 1 of channel 0 is Infinity");
    assertThatThrownBy(() -> AudioClip.mono(new float[] {0}, 0)).hasMessageContaining("sample rate");
    assertThatThrownBy(() -> new AudioClip(new float[][] {{0, 1}, {0}}, 8000)).hasMessageContaining("channel 1 has 1");
    AudioClip stereo = new AudioClip(new float[][] {{1, 0.5f}, {0, -0.5f}}, 8000);
    assertThat(stereo.downmix()).containsExactly(0.5f, 0f);
  }
}
