package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;

/**
 * Band-limited windowed-sinc resampling with {@code torchaudio.functional.resample}'s filter and output
 * length: rates reduced by their gcd, a lowpass at {@code rolloff} times the lower Nyquist rate,
 * {@code lowpassFilterWidth} zero crossings per side, Hann or Kaiser window, zero padding at both ends.
 *
 * <p>torchaudio convolves every output phase with {@code 2 * width + orig} taps, most of them zero once the
 * filter is clamped to its width; this keeps only the taps inside the window, which gives the same samples
 * (to float rounding) for a fraction of the work. Immutable and thread-safe; build once per rate pair.
 */
public final class Resampler {
  /** The window shaping the sinc. */
  public enum Window {
    /** torchaudio's {@code sinc_interp_hann} (0.13: {@code sinc_interpolation}), the default. */
    HANN,
    /** torchaudio's {@code sinc_interp_kaiser} (0.13: {@code kaiser_window}). */
    KAISER
  }

  /** torchaudio's default Kaiser beta. */
  public static final double DEFAULT_BETA = 14.769656459379492;

  private final int from;
  private final int to;
  private final int orig;
  private final int next;
  private final int width;
  private final int[] first; // per output phase: the first non-zero tap, relative to the frame start
  private final float[][] taps;

  private Resampler(int from, int to, int lowpassFilterWidth, double rolloff, Window window, double beta) {
    this.from = from;
    this.to = to;
    int gcd = gcd(from, to);
    this.orig = from / gcd;
    this.next = to / gcd;
    double base = Math.min(orig, next) * rolloff;
    this.width = (int) Math.ceil(lowpassFilterWidth * orig / base);
    int size = 2 * width + orig;
    this.first = new int[next];
    this.taps = new float[next][];
    double scale = base / orig;
    double i0Beta = window == Window.KAISER ? besselI0(beta) : 1;
    double[] k = new double[size];
    for (int i = 0; i < next; i++) {
      int lo = -1;
      int hi = -1;
      for (int j = 0; j < size; j++) {
        double t = (-(double) i / next + (double) (j - width) / orig) * base;
        t = Math.max(-lowpassFilterWidth, Math.min(lowpassFilterWidth, t));
        double w = window == Window.HANN
            ? Math.pow(Math.cos(t * Math.PI / lowpassFilterWidth / 2), 2)
            : besselI0(beta * Math.sqrt(1 - (t / lowpassFilterWidth) * (t / lowpassFilterWidth))) / i0Beta;
        double x = t * Math.PI;
        double v = (x == 0 ? 1.0 : Math.sin(x) / x) * w * scale;
        k[j] = v;
        if (Math.abs(t) < lowpassFilterWidth) { // outside, the window is zero (to rounding)
          lo = lo < 0 ? j : lo;
          hi = j + 1;
        }
      }
      first[i] = Math.max(lo, 0);
      taps[i] = new float[Math.max(0, hi - first[i])];
      for (int j = 0; j < taps[i].length; j++) {
        taps[i][j] = (float) k[first[i] + j];
      }
    }
  }

  /**
   * Returns a resampler with torchaudio's defaults: Hann window, 6 zero crossings, rolloff 0.99.
   *
   * @param from the input rate in Hz
   * @param to the output rate in Hz
   * @return the resampler
   */
  public static Resampler of(int from, int to) {
    return of(from, to, 6, 0.99, Window.HANN, DEFAULT_BETA);
  }

  /**
   * Returns a resampler with chosen filter settings.
   *
   * @param from the input rate in Hz
   * @param to the output rate in Hz
   * @param lowpassFilterWidth zero crossings on each side of the sinc, positive
   * @param rolloff the cutoff as a share of the lower Nyquist rate, in (0, 1]
   * @param window the window
   * @param beta the Kaiser window's shape (ignored for Hann)
   * @return the resampler
   * @throws InvalidInputException for non-positive rates or widths, or a rolloff outside (0, 1]
   */
  public static Resampler of(int from, int to, int lowpassFilterWidth, double rolloff, Window window, double beta) {
    if (from <= 0 || to <= 0 || from > AudioClip.MAX_SAMPLE_RATE || to > AudioClip.MAX_SAMPLE_RATE) {
      throw new InvalidInputException("sample rates must be between 1 and " + AudioClip.MAX_SAMPLE_RATE
          + " Hz, were " + from + " and " + to);
    }
    if (lowpassFilterWidth <= 0) {
      throw new InvalidInputException("lowpassFilterWidth must be positive, was " + lowpassFilterWidth);
    }
    if (!(rolloff > 0 && rolloff <= 1)) {
      throw new InvalidInputException("rolloff must be in (0, 1], was " + rolloff);
    }
    return new Resampler(from, to, lowpassFilterWidth, rolloff, window, beta);
  }

  /**
   * Returns the number of samples {@code n} input samples become: {@code ceil(n * to / from)}.
   *
   * @param n the input length
   * @return the output length
   */
  public int outputLength(int n) {
    return (int) Math.min(Integer.MAX_VALUE, ((long) n * next + orig - 1) / orig);
  }

  /**
   * Resamples one channel.
   *
   * @param x the samples at the input rate
   * @return the samples at the output rate; {@code x} itself when the rates are equal
   */
  public float[] apply(float[] x) {
    if (from == to) {
      return x;
    }
    int n = x.length;
    float[] out = new float[outputLength(n)];
    for (int frame = 0, o = 0; o < out.length; frame++) {
      int base = frame * orig - width; // tap j of phase i reads x[base + first[i] + j]
      for (int phase = 0; phase < next && o < out.length; phase++, o++) {
        float[] k = taps[phase];
        int start = base + first[phase];
        out[o] = start >= 0 && start + k.length <= n ? dot(x, start, k) : dotClipped(x, start, k);
      }
    }
    return out;
  }

  /**
   * Resamples every channel of a clip.
   *
   * @param clip the clip; its rate must be this resampler's input rate
   * @return the clip at the output rate
   * @throws InvalidInputException if the clip's rate differs
   */
  public AudioClip apply(AudioClip clip) {
    if (clip.sampleRate() != from) {
      throw new InvalidInputException("the resampler takes " + from + " Hz audio, the clip is at "
          + clip.sampleRate() + " Hz");
    }
    float[][] out = new float[clip.channelCount()][];
    for (int c = 0; c < out.length; c++) {
      out[c] = apply(clip.channels()[c]);
    }
    return new AudioClip(out, to);
  }

  /** Eight partial sums: independent chains the CPU overlaps (the order differs from torch's by rounding only). */
  private static float dot(float[] x, int start, float[] k) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int len = k.length;
    int j = 0;
    for (; j + 7 < len; j += 8) {
      int p = start + j;
      s0 = Math.fma(x[p], k[j], s0);
      s1 = Math.fma(x[p + 1], k[j + 1], s1);
      s2 = Math.fma(x[p + 2], k[j + 2], s2);
      s3 = Math.fma(x[p + 3], k[j + 3], s3);
      s4 = Math.fma(x[p + 4], k[j + 4], s4);
      s5 = Math.fma(x[p + 5], k[j + 5], s5);
      s6 = Math.fma(x[p + 6], k[j + 6], s6);
      s7 = Math.fma(x[p + 7], k[j + 7], s7);
    }
    for (; j < len; j++) {
      s0 = Math.fma(x[start + j], k[j], s0);
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** The same near the ends, where some taps fall on the zero padding. */
  private static float dotClipped(float[] x, int start, float[] k) {
    int j0 = Math.max(0, -start);
    int j1 = Math.min(k.length, x.length - start);
    float s = 0;
    for (int j = j0; j < j1; j++) {
      s += x[start + j] * k[j];
    }
    return s;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series (as torch.i0 converges). */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
