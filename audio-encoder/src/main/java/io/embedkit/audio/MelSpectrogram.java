package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The mel spectrogram {@code torchaudio.transforms.MelSpectrogram} computes: a centred STFT (reflect padding,
 * periodic Hann window of {@code winLength} centred in {@code nFft}), the power spectrum, then a triangular
 * mel filterbank on the HTK or Slaney scale, optionally Slaney area-normalised. The FFT is JTransforms'.
 *
 * <p>Immutable and thread-safe; FFT scratch is per call.
 */
public final class MelSpectrogram {
  /** The mel scale. */
  public enum Scale {
    /** {@code 2595 * log10(1 + f / 700)}: torchaudio's default. */
    HTK,
    /** Slaney's: linear below 1 kHz, logarithmic above (librosa's default). */
    SLANEY
  }

  /**
   * The settings, with torchaudio's names.
   *
   * @param sampleRate the input rate in Hz
   * @param nFft the FFT size
   * @param winLength the window length, at most {@code nFft}
   * @param hopLength samples between frames
   * @param nMels mel bands
   * @param fMin the lowest frequency in Hz
   * @param fMax the highest frequency in Hz, or 0 for half the sample rate
   * @param scale the mel scale
   * @param slaneyNorm whether to divide each triangle by its width (torchaudio {@code norm="slaney"})
   */
  public record Config(int sampleRate, int nFft, int winLength, int hopLength, int nMels, double fMin, double fMax,
      Scale scale, boolean slaneyNorm) {
    /** The largest n_fft (and hop length) accepted; speech models use 400 to 2,048. */
    public static final int MAX_N_FFT = 1 << 16;
    /** The most mel bands accepted. */
    public static final int MAX_MELS = 1024;

    /** Validates the settings. */
    public Config {
      if (sampleRate <= 0 || nFft <= 1 || winLength <= 0 || winLength > nFft || hopLength <= 0 || nMels <= 0) {
        throw new InvalidInputException("mel settings need positive sample rate, n_fft > 1, 0 < win_length <= n_fft,"
            + " hop_length and n_mels; got " + sampleRate + ", " + nFft + ", " + winLength + ", " + hopLength + ", "
            + nMels);
      }
      if (nFft > MAX_N_FFT || nMels > MAX_MELS || hopLength > MAX_N_FFT || sampleRate > 1_000_000) {
        throw new InvalidInputException("mel settings too large: n_fft and hop_length are at most " + MAX_N_FFT
            + ", n_mels at most " + MAX_MELS + ", the sample rate at most 1000000; got n_fft " + nFft + ", hop_length "
            + hopLength + ", n_mels " + nMels + ", sample rate " + sampleRate);
      }
      if (fMin < 0 || (fMax != 0 && fMax <= fMin)) {
        throw new InvalidInputException("mel frequency range must be 0 <= f_min < f_max, was " + fMin + " to " + fMax);
      }
      if (scale == null) {
        scale = Scale.HTK;
      }
    }
  }

  private final Config c;
  private final float[] window; // nFft long: the Hann window centred, zeros around it
  private final float[][] filters; // per mel band: weights over the nFft / 2 + 1 frequency bins
  private final int[] firstBin;

  private MelSpectrogram(Config c) {
    this.c = c;
    this.window = new float[c.nFft()];
    int left = (c.nFft() - c.winLength()) / 2;
    for (int i = 0; i < c.winLength(); i++) { // torch.hann_window(periodic=True)
      window[left + i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / c.winLength()));
    }
    int bins = c.nFft() / 2 + 1;
    double fMax = c.fMax() == 0 ? c.sampleRate() / 2 : c.fMax();
    double mMin = hzToMel(c.fMin(), c.scale());
    double mMax = hzToMel(fMax, c.scale());
    double[] f = new double[c.nMels() + 2];
    for (int i = 0; i < f.length; i++) {
      f[i] = melToHz(mMin + (mMax - mMin) * i / (c.nMels() + 1), c.scale());
    }
    this.filters = new float[c.nMels()][];
    this.firstBin = new int[c.nMels()];
    double[] row = new double[bins];
    for (int m = 0; m < c.nMels(); m++) {
      int lo = -1;
      int hi = -1;
      double norm = c.slaneyNorm() ? 2.0 / (f[m + 2] - f[m]) : 1.0;
      for (int k = 0; k < bins; k++) {
        double hz = (double) (c.sampleRate() / 2) * k / (bins - 1); // torch.linspace(0, sr // 2, bins)
        double down = (hz - f[m]) / (f[m + 1] - f[m]);
        double up = (f[m + 2] - hz) / (f[m + 2] - f[m + 1]);
        double w = Math.max(0, Math.min(down, up)) * norm;
        row[k] = w;
        if (w > 0) {
          lo = lo < 0 ? k : lo;
          hi = k + 1;
        }
      }
      firstBin[m] = Math.max(0, lo);
      filters[m] = new float[Math.max(0, hi - firstBin[m])];
      for (int k = 0; k < filters[m].length; k++) {
        filters[m][k] = (float) row[firstBin[m] + k];
      }
    }
  }

  /**
   * Returns the transform for some settings.
   *
   * @param config the settings
   * @return the transform
   */
  public static MelSpectrogram of(Config config) {
    return new MelSpectrogram(config);
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public Config config() {
    return c;
  }

  static double hzToMel(double hz, Scale s) {
    if (s == Scale.HTK) {
      return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }
    double fSp = 200.0 / 3;
    double minLogHz = 1000.0;
    double minLogMel = minLogHz / fSp;
    double logStep = Math.log(6.4) / 27.0;
    return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
  }

  static double melToHz(double mel, Scale s) {
    if (s == Scale.HTK) {
      return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
    double fSp = 200.0 / 3;
    double minLogHz = 1000.0;
    double minLogMel = minLogHz / fSp;
    double logStep = Math.log(6.4) / 27.0;
    return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
  }

  /**
   * Returns the number of frames a clip of {@code n} samples gives: {@code 1 + n / hopLength}.
   *
   * @param n samples
   * @return frames
   */
  public int frames(int n) {
    return 1 + n / c.hopLength();
  }

  /**
   * Computes the mel power spectrogram of mono samples at the configured rate.
   *
   * @param x the samples; longer than {@code nFft / 2} (reflect padding needs that)
   * @return {@code [nMels][frames]}
   * @throws InvalidInputException if the clip is too short to pad by reflection
   */
  public float[][] apply(float[] x) {
    int half = c.nFft() / 2;
    if (x.length <= half) {
      throw new InvalidInputException("a clip of " + x.length + " samples is too short for n_fft " + c.nFft()
          + " (reflect padding needs more than " + half + ")");
    }
    int n = c.nFft();
    int frames = frames(x.length);
    float[][] out = new float[c.nMels()][frames];
    FloatFFT_1D fft = new FloatFFT_1D(n);
    float[] buf = new float[n];
    float[] power = new float[half + 1];
    for (int t = 0; t < frames; t++) {
      int start = t * c.hopLength() - half; // in unpadded coordinates
      for (int i = 0; i < n; i++) {
        buf[i] = reflect(x, start + i) * window[i];
      }
      fft.realForward(buf);
      // JTransforms' packing: Re[0], then Re[n/2] (even n) at index 1, then Re[k], Im[k] pairs
      power[0] = buf[0] * buf[0];
      for (int k = 1; k < half; k++) {
        float re = buf[2 * k];
        float im = buf[2 * k + 1];
        power[k] = re * re + im * im;
      }
      if (n % 2 == 0) {
        power[half] = buf[1] * buf[1];
      } else { // odd sizes keep the last bin's real part at the end and its imaginary part at index 1
        power[half] = buf[n - 1] * buf[n - 1] + buf[1] * buf[1];
      }
      for (int m = 0; m < filters.length; m++) {
        float[] w = filters[m];
        int b = firstBin[m];
        double s = 0;
        for (int k = 0; k < w.length; k++) {
          s += (double) power[b + k] * w[k];
        }
        out[m][t] = (float) s;
      }
    }
    return out;
  }

  private static float reflect(float[] x, int i) {
    int n = x.length;
    if (i < 0) {
      return x[-i];
    }
    if (i >= n) {
      return x[2 * (n - 1) - i];
    }
    return x[i];
  }
}
