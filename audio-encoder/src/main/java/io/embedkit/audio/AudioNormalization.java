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
    float[] out = x.clone();
    switch (this) {
      case ZERO_MEAN_UNIT_VARIANCE: {
        double mean = 0;
        for (float v : x) {
          mean += v;
        }
        mean /= Math.max(1, x.length);
        double var = 0;
        for (float v : x) {
          var += (v - mean) * (v - mean);
        }
        var /= Math.max(1, x.length);
        double d = Math.sqrt(var + 1e-7);
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) ((x[i] - mean) / d);
        }
        return out;
      }
      case PEAK: {
        float peak = 0;
        for (float v : x) {
          peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0) {
          for (int i = 0; i < out.length; i++) {
            out[i] = x[i] / peak;
          }
        }
        return out;
      }
      default:
        return out;
    }
  }
}
