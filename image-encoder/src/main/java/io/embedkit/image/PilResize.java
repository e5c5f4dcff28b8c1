package io.embedkit.image;

/**
 * Resizing as PIL's {@code Image.resize} does it for 8-bit images, to the same pixel values: a separable
 * convolution whose filter widens with the scale factor when shrinking (antialiasing), fixed-point weights
 * with 22 fractional bits, a horizontal pass then a vertical one, each rounded and clipped to 8 bits.
 *
 * <p>Only a window of the output may be computed (the center crop that follows), which gives the same pixels
 * as resizing everything and cropping, for less work. Stateless and thread-safe.
 */
final class PilResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PilResize() {}

  /** Per output position: the first input index and count of taps, and the taps' fixed-point weights. */
  private record Taps(int size, int[] first, int[] count, int[] weights) {}

  /**
   * Returns the window {@code [x0, x0 + w) x [y0, y0 + h)} of {@code src} resized to {@code outW x outH}.
   */
  static RgbImage resize(RgbImage src, int outW, int outH, Resample filter, int x0, int y0, int w, int h) {
    byte[] in = src.data(); // channel order does not matter to the passes: it is kept
    int inW = src.width();
    int inH = src.height();
    boolean horizontal = outW != inW;
    boolean vertical = outH != inH;
    Taps ty = vertical ? taps(inH, outH, filter, y0, h) : null;
    int rowFirst = vertical ? ty.first[0] : y0;
    int rowEnd = vertical ? ty.first[h - 1] + ty.count[h - 1] : y0 + h;
    int rows = rowEnd - rowFirst;
    // pass 1: the rows the vertical pass reads, resized horizontally (or cut out) to the window's columns
    byte[] mid = new byte[3 * w * rows];
    if (horizontal) {
      horizontalPass(in, inW, rowFirst, rows, taps(inW, outW, filter, x0, w), w, mid);
    } else {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(in, 3 * ((rowFirst + r) * inW + x0), mid, 3 * r * w, 3 * w);
      }
    }
    if (!vertical) {
      return new RgbImage(w, h, mid, src.isBgr());
    }
    byte[] out = new byte[3 * w * h];
    verticalPass(mid, w, rowFirst, ty, h, out);
    return new RgbImage(w, h, out, src.isBgr());
  }

  /** PIL's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}, for outputs {@code [from, from + n)}. */
  private static Taps taps(int inSize, int outSize, Resample filter, int from, int n) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support() * filterScale;
    int size = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[n];
    int[] count = new int[n];
    int[] weights = new int[n * size];
    double[] k = new double[size];
    for (int i = 0; i < n; i++) {
      int xx = from + i;
      double center = (xx + 0.5) * scale;
      double inverse = 1.0 / filterScale;
      int xmin = Math.max(0, (int) (center - support + 0.5)); // (int) truncates toward zero, as C does
      int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
      double sum = 0.0;
      for (int x = 0; x < xmax; x++) {
        double wgt = filter.weight((x + xmin - center + 0.5) * inverse);
        k[x] = wgt;
        sum += wgt;
      }
      for (int x = 0; x < xmax; x++) {
        double v = sum != 0.0 ? k[x] / sum : k[x];
        weights[i * size + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
      }
      first[i] = xmin;
      count[i] = Math.max(0, xmax);
    }
    return new Taps(size, first, count, weights);
  }

  private static void horizontalPass(byte[] in, int inW, int rowFirst, int rows, Taps t, int w, byte[] out) {
    int size = t.size;
    int[] weights = t.weights;
    for (int r = 0; r < rows; r++) {
      int rowBase = 3 * (rowFirst + r) * inW;
      int o = 3 * r * w;
      for (int xx = 0; xx < w; xx++, o += 3) {
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
        int p0 = rowBase + 3 * t.first[xx];
        int kb = xx * size;
        for (int x = 0, n = t.count[xx]; x < n; x++) {
          int kv = weights[kb + x];
          int p = p0 + 3 * x; // from the loop variable, so the JIT can hoist the bounds checks
          s0 += (in[p] & 0xFF) * kv;
          s1 += (in[p + 1] & 0xFF) * kv;
          s2 += (in[p + 2] & 0xFF) * kv;
        }
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
  }

  private static void verticalPass(byte[] mid, int w, int rowFirst, Taps t, int h, byte[] out) {
    int line = 3 * w;
    int[] acc = new int[line];
    for (int yy = 0; yy < h; yy++) {
      java.util.Arrays.fill(acc, HALF);
      int kb = yy * t.size;
      int top = t.first[yy] - rowFirst;
      for (int y = 0, n = t.count[yy]; y < n; y++) {
        int kv = t.weights[kb + y];
        int base = (top + y) * line;
        for (int i = 0; i < line; i++) {
          acc[i] += (mid[base + i] & 0xFF) * kv;
        }
      }
      int o = yy * line;
      for (int i = 0; i < line; i++) {
        out[o + i] = clip8(acc[i]);
      }
    }
  }

  private static byte clip8(int s) {
    int v = s >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
