package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.InvalidInputException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Mel spectrograms against torchaudio.transforms.MelSpectrogram of the same 16 kHz speech (reference/index.json
 * "mel"): every value within 1e-4 relative, with a floor of 1e-6 of the spectrogram's peak for the near-silent
 * bins where float32 FFT rounding in the reference dominates.
 */
class MelSpectrogramTest {
  private static JsonObject mel() throws Exception {
    return JsonParser.parseString(Files.readString(AudioFixtures.resource("reference/index.json"))).getAsJsonObject()
        .getAsJsonObject("mel");
  }

  private static void check(String key, MelSpectrogram.Config config) throws Exception {
    JsonObject ref = mel().getAsJsonObject("spectrograms").getAsJsonObject(key);
    float[] speech = AudioFixtures.floats("speech_22k.wav", "hann");
    float[][] got = MelSpectrogram.of(config).apply(speech);
    int mels = ref.getAsJsonArray("shape").get(0).getAsInt();
    int frames = ref.getAsJsonArray("shape").get(1).getAsInt();
    assertThat(got.length).as(key + " mel bands").isEqualTo(mels);
    assertThat(got[0].length).as(key + " frames").isEqualTo(frames);
    float[] want = AudioFixtures.floatsFile(ref.get("file").getAsString());
    float peak = 0;
    for (float v : want) {
      peak = Math.max(peak, v);
    }
    double worst = 0;
    for (int m = 0; m < mels; m++) {
      for (int t = 0; t < frames; t++) {
        float w = want[m * frames + t];
        double rel = Math.abs(got[m][t] - w) / Math.max(Math.abs(w), 1e-6 * peak);
        worst = Math.max(worst, rel);
      }
    }
    assertThat(worst).as(key + " largest relative difference to torchaudio").isLessThanOrEqualTo(1e-4);
  }

  @Test
  void htkScaleMatchesTorchaudio() throws Exception {
    check("htk64", new MelSpectrogram.Config(16000, 400, 400, 160, 64, 0, 0, MelSpectrogram.Scale.HTK, false));
  }

  @Test
  void slaneyScaleAndNormWithAShorterWindowMatchTorchaudio() throws Exception {
    check("slaney80", new MelSpectrogram.Config(16000, 512, 400, 160, 80, 20, 7600, MelSpectrogram.Scale.SLANEY,
        true));
  }

  @Test
  void scalesRoundTripAndBadSettingsFail() {
    for (MelSpectrogram.Scale s : MelSpectrogram.Scale.values()) {
      for (double hz : new double[] {0, 440, 999.9, 1000, 7600}) {
        assertThat(MelSpectrogram.melToHz(MelSpectrogram.hzToMel(hz, s), s)).isCloseTo(hz,
            org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, hz)));
      }
    }
    assertThatThrownBy(() -> new MelSpectrogram.Config(16000, 400, 500, 160, 64, 0, 0, null, false))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("win_length");
    MelSpectrogram m = MelSpectrogram.of(new MelSpectrogram.Config(16000, 400, 400, 160, 64, 0, 0, null, false));
    assertThatThrownBy(() -> m.apply(new float[100])).hasMessageContaining("too short for n_fft 400");
    float[][] silent = m.apply(new float[16000]);
    assertThat(silent[10]).containsOnly(0f);
  }
}
