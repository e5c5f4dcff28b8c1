package io.embedkit.image;

import io.embedkit.core.InvalidInputException;

/**
 * PIL's convolution resampling filters, with PIL's numbering (the {@code resample} field of Hugging Face's
 * {@code preprocessor_config.json}). Each is evaluated exactly as PIL evaluates it, so resized pixels match.
 */
public enum Resample {
  /** {@code Image.LANCZOS} (1): windowed sinc, support 3. */
  LANCZOS(1, 3.0),
  /** {@code Image.BILINEAR} (2): triangle, support 1; torchvision's default. */
  BILINEAR(2, 1.0),
  /** {@code Image.BICUBIC} (3): cubic convolution with a = -0.5, support 2; CLIP's. */
  BICUBIC(3, 2.0),
  /** {@code Image.BOX} (4): support 0.5. */
  BOX(4, 0.5),
  /** {@code Image.HAMMING} (5): Hamming-windowed sinc, support 1. */
  HAMMING(5, 1.0);

  private final int pil;
  private final double support;

  Resample(int pil, double support) {
    this.pil = pil;
    this.support = support;
  }

  /**
   * Returns PIL's number for the filter.
   *
   * @return e.g. 3 for bicubic
   */
  public int pilCode() {
    return pil;
  }

  double support() {
    return support;
  }

  /**
   * Returns the filter PIL numbers {@code code}.
   *
   * @param code PIL's number, 1 to 5
   * @return the filter
   * @throws InvalidInputException for 0 (nearest neighbour, not a convolution filter) and unknown numbers
   */
  public static Resample fromPil(int code) {
    for (Resample r : values()) {
      if (r.pil == code) {
        return r;
      }
    }
    throw new InvalidInputException("resample " + code + " is not supported: expected 1 (lanczos), 2 (bilinear),"
        + " 3 (bicubic), 4 (box) or 5 (hamming)");
  }

  /** The filter's weight at distance {@code x}, in double precision as in PIL. */
  double weight(double x) {
    switch (this) {
      case BOX:
        return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
      case BILINEAR:
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
      case HAMMING:
        x = Math.abs(x);
        if (x == 0.0) {
          return 1.0;
        }
        if (x >= 1.0) {
          return 0.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x * (0.54f + 0.46f * Math.cos(x)); // PIL's constants are float literals
      case BICUBIC: {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
          return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
      }
      case LANCZOS:
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
      default:
        throw new AssertionError(this);
    }
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    x = x * Math.PI;
    return Math.sin(x) / x;
  }
}
