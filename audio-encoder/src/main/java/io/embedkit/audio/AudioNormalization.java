package io.embedkit.audio;

/** Amplitude normalisations applied to a mono waveform before a model sees it. */
public enum AudioNormalization {
  /** Leaves samples as they are. */
  NONE,
  /**
   * Hugging Face {@code Wav2Vec2FeatureExtractor}'s {@code do_normalize}: {@code (x - mean) / sqrt(var + 1e-7)}
   * with the population variance; an all-zero clip stays zero.
   */
  ZERO_MEAN_UNIT_VARIANCE,
  /** Divides by the largest absolute sample, so the peak is 1; an all-zero clip stays zero. */
  PEAK;

  /**
   * Returns the normalised samples as a new array.
   *
   * @param x the samples
   * @return the normalised samples
   */
  public float[] apply(float[] x) {
    float[] out = new float[x.length];
    apply(x, 0, x.length, out, 0);
    return out;
  }

  /**
   * Writes the normalised samples of a range into an array (a batch's row), allocating nothing.
   *
   * @param x the samples
   * @param from the range's first sample
   * @param len the range's length
   * @param out where to write
   * @param at the first index written
   */
  void apply(float[] x, int from, int len, float[] out, int at) {
    int to = from + len;
    switch (this) {
      case ZERO_MEAN_UNIT_VARIANCE: {
        double mean = 0;
        for (int i = from; i < to; i++) {
          mean += x[i];
        }
        mean /= Math.max(1, len);
        double var = 0;
        for (int i = from; i < to; i++) {
          var += (x[i] - mean) * (x[i] - mean);
        }
        var /= Math.max(1, len);
        double d = Math.sqrt(var + 1e-7);
        for (int i = 0; i < len; i++) {
          out[at + i] = (float) ((x[from + i] - mean) / d);
        }
        return;
      }
      case PEAK: {
        float peak = 0;
        for (int i = from; i < to; i++) {
          peak = Math.max(peak, Math.abs(x[i]));
        }
        for (int i = 0; i < len; i++) {
          out[at + i] = peak > 0 ? x[from + i] / peak : x[from + i];
        }
        return;
      }
      default:
        System.arraycopy(x, from, out, at, len);
    }
  }
}
