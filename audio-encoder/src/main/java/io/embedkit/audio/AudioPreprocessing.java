package io.embedkit.audio;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.ModelFolders;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What an audio model expects, from a Hugging Face {@code preprocessor_config.json}: the sample rate, the
 * waveform normalisation, and, for spectrogram models, the mel settings and the log offset. Without mel
 * settings the model takes the (N, T) waveform ({@code input_values}), as Wav2Vec2 does.
 *
 * @param samplingRate the rate the model takes, in Hz
 * @param normalization what to do to each model input's waveform ({@code do_normalize}: zero mean, unit variance)
 * @param mel the mel settings for spectrogram models, or null for waveform models
 * @param logOffset the spectrogram model's input is {@code log(mel + logOffset)}
 */
public record AudioPreprocessing(int samplingRate, AudioNormalization normalization, MelSpectrogram.Config mel,
    double logOffset) {

  /** Validates the fields. */
  public AudioPreprocessing {
    if (samplingRate <= 0 || samplingRate > AudioClip.MAX_SAMPLE_RATE) {
      throw new InvalidInputException("sampling_rate must be between 1 and " + AudioClip.MAX_SAMPLE_RATE + ", was "
          + samplingRate);
    }
    if (normalization == null) {
      normalization = AudioNormalization.NONE;
    }
    if (mel != null && mel.sampleRate() != samplingRate) {
      throw new InvalidInputException("mel sample rate " + mel.sampleRate() + " differs from sampling_rate "
          + samplingRate);
    }
    if (mel != null && !(logOffset > 0)) {
      throw new InvalidInputException("log_offset must be positive, was " + logOffset);
    }
  }

  /**
   * Wav2Vec2FeatureExtractor's settings: 16 kHz, zero mean and unit variance.
   *
   * @return the settings
   */
  public static AudioPreprocessing wav2vec2() {
    return new AudioPreprocessing(16000, AudioNormalization.ZERO_MEAN_UNIT_VARIANCE, null, 0);
  }

  /**
   * Reads a model folder's {@code preprocessor_config.json}.
   *
   * @param dir the folder
   * @return the settings
   * @throws ModelLoadException if the file is missing or holds unusable values
   */
  public static AudioPreprocessing fromFolder(Path dir) {
    return ModelFolders.settings(dir.resolve("preprocessor_config.json"), AudioPreprocessing::fromJson);
  }

  /**
   * Reads the fields: {@code sampling_rate}, {@code do_normalize}; for spectrogram models {@code n_fft},
   * {@code hop_length}, {@code win_length}, {@code n_mels} or {@code num_mel_bins}, {@code f_min},
   * {@code f_max}, {@code mel_scale} (htk|slaney), {@code norm} (slaney or null), {@code log_offset}.
   *
   * @param o the JSON object
   * @return the settings
   */
  public static AudioPreprocessing fromJson(JsonObject o) {
    int rate = o.has("sampling_rate") ? o.get("sampling_rate").getAsInt() : 16000;
    boolean normalize = io.embedkit.runtime.ModelFolders.bool(o, "do_normalize", false);
    MelSpectrogram.Config mel = null;
    double offset = 0;
    if (o.has("n_fft")) {
      int nFft = o.get("n_fft").getAsInt();
      int mels = o.has("n_mels") ? o.get("n_mels").getAsInt() : o.get("num_mel_bins").getAsInt();
      String scale = str(o, "mel_scale", "htk").toUpperCase(Locale.ROOT);
      mel = new MelSpectrogram.Config(rate, nFft, o.has("win_length") && !o.get("win_length").isJsonNull()
          ? o.get("win_length").getAsInt() : nFft, o.has("hop_length") ? o.get("hop_length").getAsInt() : nFft / 2,
          mels, num(o, "f_min", 0), num(o, "f_max", 0), MelSpectrogram.Scale.valueOf(scale),
          "slaney".equalsIgnoreCase(str(o, "norm", "")));
      offset = num(o, "log_offset", 1e-6);
    }
    return new AudioPreprocessing(rate, normalize ? AudioNormalization.ZERO_MEAN_UNIT_VARIANCE : AudioNormalization.NONE,
        mel, offset);
  }

  private static String str(JsonObject o, String key, String dflt) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? dflt : e.getAsString();
  }

  private static double num(JsonObject o, String key, double dflt) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? dflt : e.getAsDouble();
  }
}
