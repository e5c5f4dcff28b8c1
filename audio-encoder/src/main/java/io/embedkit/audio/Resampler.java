package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;

/**
 * Band-limited windowed-sinc resampling with {@code torchaudio.functional.resample}'s filter and output
 * length: rates reduced by their gcd, a lowpass at {@code rolloff} times the lower Nyquist rate,
 * {@code lowpassFilterWidth} zero crossings per side, Hann or Kaiser window, zero padding at both ends.
 *
 * <p>torchaudio convolves every output phase with {@code 2 * width + orig} taps, most of them zero once the
 * filter is clamped to its width; this keeps only the taps inside the window, which gives the same samples
 * (to float rounding) for a fraction of the work. Eight consecutive output samples are computed together
 * from one input window ({@link VectorKernels#filterBank8}, SIMD when the Vector API is present).
 * Immutable and thread-safe; build once per rate pair.
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
  // Output blocks of eight: block b = q * blocks.length + p starts its window at q * blockStride + blockFirst[p]
  // and reads blockSpan[p] samples through the eight interleaved filters blockTaps[p]. Null when too large.
  private final int blockStride;
  private final int[] blockFirst;
  private final int[] blockSpan;
  private final float[][] blockTaps;
  private final VectorKernels kernels;

  /** Blocks are kept when their interleaved taps take at most this many floats (64 MB). */
  private static final long MAX_BLOCK_FLOATS = 16L << 20;
  /** The largest output a stream allocates up front from an expected length (512 MB of floats). */
  private static final long MAX_PREALLOCATED = 1L << 27;

  private Resampler(int from, int to, int lowpassFilterWidth, double rolloff, Window window, double beta,
      VectorKernels kernels) {
    this.kernels = kernels;
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
      // t grows with j; outside |t| < lowpassFilterWidth the window is zero, so only that range is evaluated
      double centre = (double) i / next * orig + width;
      double half = lowpassFilterWidth / base * orig;
      int j0 = (int) Math.max(0, Math.floor(centre - half) - 1);
      int j1 = (int) Math.min(size, Math.ceil(centre + half) + 2);
      for (int j = j0; j < j1; j++) {
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
    // eight outputs per block; the pattern of phases repeats every lcm(8, next) outputs
    int patterns = next / gcd(next, 8);
    long stride = (long) 8 * patterns / next * orig;
    int[] bFirst = new int[patterns];
    int[] bSpan = new int[patterns];
    long floats = 0;
    for (int p = 0; p < patterns; p++) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int l = 0; l < 8; l++) {
        long start = windowStart(8L * p + l);
        lo = Math.min(lo, start);
        hi = Math.max(hi, start + taps[(int) ((8L * p + l) % next)].length);
      }
      bFirst[p] = (int) lo;
      bSpan[p] = (int) Math.min(Integer.MAX_VALUE - 3, hi - lo + 3 & ~3L); // whole steps of four taps: no remainder loop
      floats += 8L * bSpan[p];
    }
    if (floats > MAX_BLOCK_FLOATS || stride > Integer.MAX_VALUE) {
      this.blockStride = 0;
      this.blockFirst = null;
      this.blockSpan = null;
      this.blockTaps = null;
      return;
    }
    this.blockStride = (int) stride;
    this.blockFirst = bFirst;
    this.blockSpan = bSpan;
    this.blockTaps = new float[patterns][];
    for (int p = 0; p < patterns; p++) {
      float[] bank = new float[8 * bSpan[p]];
      for (int l = 0; l < 8; l++) {
        float[] t = taps[(int) ((8L * p + l) % next)];
        int shift = (int) (windowStart(8L * p + l) - bFirst[p]);
        for (int j = 0; j < t.length; j++) {
          bank[8 * (shift + j) + l] = t[j];
        }
      }
      blockTaps[p] = bank;
    }
  }

  private Resampler(Resampler r, VectorKernels kernels) {
    this.kernels = kernels;
    this.from = r.from;
    this.to = r.to;
    this.orig = r.orig;
    this.next = r.next;
    this.width = r.width;
    this.first = r.first;
    this.taps = r.taps;
    this.blockStride = r.blockStride;
    this.blockFirst = r.blockFirst;
    this.blockSpan = r.blockSpan;
    this.blockTaps = r.blockTaps;
  }

  /** Where output {@code o}'s first non-zero tap reads the input (negative in the leading padding). */
  private long windowStart(long o) {
    return o / next * orig - width + first[(int) (o % next)];
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
    return new Resampler(from, to, lowpassFilterWidth, rolloff, window, beta, Kernels.get());
  }

  /** The same resampler computing with other kernels (tests compare the scalar and SIMD ones). */
  Resampler withKernels(VectorKernels other) {
    return new Resampler(this, other);
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
    float[] out = new float[outputLength(x.length)];
    produce(x, 0, x.length, x.length, out, 0, 0, out.length);
    return out;
  }

  /**
   * Computes outputs {@code [oFrom, oTo)} into {@code out} from {@code outOffset} on. The input sample at absolute
   * position {@code i} is {@code buf[i - bufStart]}; positions before 0 or from {@code n} on are the zero padding,
   * and every other position these outputs read lies in the buffer. {@code oFrom} is a multiple of 8 except
   * where a caller ends.
   */
  private void produce(float[] buf, long bufStart, int bufLen, long n, float[] out, int outOffset, long oFrom,
      long oTo) {
    long o = oFrom;
    if (blockTaps != null) {
      int patterns = blockTaps.length;
      long group = 8L * patterns;
      while (o < oTo) {
        long cycle = o / group;
        int p = (int) (o % group / 8);
        long start = cycle * blockStride + blockFirst[p];
        boolean aligned = o % 8 == 0 && o + 8 <= oTo;
        if (aligned && start >= 0 && start + blockSpan[p] <= n && start >= bufStart
            && start + blockSpan[p] <= bufStart + bufLen) {
          kernels.filterBank8(buf, (int) (start - bufStart), blockTaps[p], blockSpan[p], out,
              (int) (outOffset + o - oFrom));
          o += 8;
        } else { // near the ends, where taps fall on the zero padding
          long end = Math.min(oTo, (o / 8 + 1) * 8);
          for (; o < end; o++) {
            out[(int) (outOffset + o - oFrom)] = sample(buf, bufStart, bufLen, n, o);
          }
        }
      }
      return;
    }
    for (; o < oTo; o++) {
      out[(int) (outOffset + o - oFrom)] = sample(buf, bufStart, bufLen, n, o);
    }
  }

  /** One output sample on its own, with the zero padding outside {@code [0, n)}. */
  private float sample(float[] buf, long bufStart, int bufLen, long n, long o) {
    float[] k = taps[(int) (o % next)];
    long start = windowStart(o);
    int j0 = (int) Math.max(0, -start);
    int j1 = (int) Math.min(k.length, n - start);
    if (j0 == 0 && j1 == k.length && start >= bufStart && start + k.length <= bufStart + bufLen) {
      return kernels.dot(k, 0, buf, (int) (start - bufStart), k.length);
    }
    float s = 0;
    for (int j = j0; j < j1; j++) {
      s += buf[(int) (start + j - bufStart)] * k[j];
    }
    return s;
  }

  /** The last input position (exclusive) the outputs before {@code o} read, blocks' padded spans included. */
  private long inputEnd(long o) {
    if (o <= 0) {
      return 0;
    }
    long last = o - 1;
    long end = windowStart(last) + taps[(int) (last % next)].length;
    if (blockTaps != null) {
      long group = 8L * blockTaps.length;
      int p = (int) (last % group / 8);
      end = Math.max(end, last / group * blockStride + blockFirst[p] + blockSpan[p]);
    }
    return end;
  }

  /** The first input position the outputs from {@code o} on read. */
  private long inputStart(long o) {
    long start = windowStart(o);
    if (blockTaps != null) {
      long group = 8L * blockTaps.length;
      start = Math.min(start, o / group * blockStride + blockFirst[(int) (o % group / 8)]);
    }
    return Math.max(0, start);
  }

  /**
   * Returns a resampler of one stream of unknown length, fed in blocks: it keeps only the input the next outputs
   * read, so memory holds the output and a short window of input. Its output equals {@link #apply} on the whole
   * input.
   *
   * @return a new stream
   */
  public Stream stream() {
    return new Stream(0);
  }

  /**
   * Returns a resampler of one stream whose length is expected (as a file's header declares it): the output
   * is allocated once, at its final size, when the stream has that length. Any other length still works.
   *
   * @param expectedInput the input samples expected, or 0 if unknown
   * @return a new stream
   */
  public Stream stream(long expectedInput) {
    return new Stream(expectedInput);
  }

  /** One channel resampled as it arrives; not thread-safe. */
  public final class Stream {
    private float[] buf = new float[1 << 16];
    private long bufStart;
    private int bufLen;
    private float[] out = new float[1 << 16];
    private long produced;

    private Stream(long expected) {
      long total = from == to ? expected : (expected * next + orig - 1) / orig;
      if (expected > 0 && total <= MAX_PREALLOCATED) { // the identity keeps its input; others their output
        if (from == to) {
          buf = new float[(int) total];
        } else {
          out = new float[(int) total];
        }
      }
    }

    /**
     * Returns the output sample rate.
     *
     * @return Hz
     */
    public int rate() {
      return to;
    }

    /**
     * Adds input samples and computes every output they complete.
     *
     * @param block the samples
     * @param len how many of them
     */
    public void push(float[] block, int len) {
      if (bufLen + len > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + len));
      }
      System.arraycopy(block, 0, buf, bufLen, len);
      bufLen += len;
      if (from == to) {
        return;
      }
      long received = bufStart + bufLen;
      long ready = produced;
      long step = blockTaps == null ? 1 : 8;
      // outputs whose inputs have all arrived (in steps of 8, the blocks' width), short of the end's padding
      long hi = Math.max(produced, (long) received * next / orig);
      while (ready + step <= hi && inputEnd(ready + step) <= received) {
        ready += step;
      }
      emit(received, ready, Long.MAX_VALUE);
    }

    /**
     * Ends the input and returns the whole output.
     *
     * @return the resampled samples
     */
    public float[] finish() {
      long n = bufStart + bufLen;
      if (from == to) {
        return bufLen == buf.length ? buf : java.util.Arrays.copyOf(buf, bufLen);
      }
      long total = ((long) n * next + orig - 1) / orig;
      emit(n, total, n);
      return produced == out.length ? out : java.util.Arrays.copyOf(out, (int) produced);
    }

    private void emit(long received, long upTo, long n) {
      if (upTo > produced) {
        if (upTo > out.length) {
          out = java.util.Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(out.length * 2L, upTo)));
        }
        produce(buf, bufStart, bufLen, n == Long.MAX_VALUE ? received : n, out, (int) produced, produced, upTo);
        produced = upTo;
      }
      long keep = Math.min(inputStart(produced), bufStart + bufLen); // drop what no later output reads
      int drop = (int) Math.max(0, keep - bufStart);
      if (drop > 0) {
        System.arraycopy(buf, drop, buf, 0, bufLen - drop);
        bufLen -= drop;
        bufStart += drop;
      }
    }
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
