package io.embedkit.image;

import io.embedkit.core.InvalidInputException;

/**
 * An 8-bit RGB picture, the form every image takes before preprocessing: what PIL's
 * {@code Image.convert("RGB")} gives. {@link #pixels()} are interleaved R, G, B, row by row.
 *
 * <p>Immutable by convention: the array returned by {@link #pixels()} must not be modified.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] data;
  // decoders hand over B, G, R arrays (Java's TYPE_3BYTE_BGR): kept as they are, reordered only if asked
  private final boolean bgr;
  private volatile byte[] rgb;

  /**
   * Wraps interleaved RGB pixels.
   *
   * @param width the width, positive
   * @param height the height, positive
   * @param pixels {@code 3 * width * height} bytes; owned by the image from now on
   * @throws InvalidInputException if the sizes disagree
   */
  public RgbImage(int width, int height, byte[] pixels) {
    this(width, height, pixels, false);
  }

  /** Wraps interleaved pixels in B, G, R order when {@code bgr}, else R, G, B. */
  RgbImage(int width, int height, byte[] pixels, boolean bgr) {
    if (width <= 0 || height <= 0) {
      throw new InvalidInputException("image size must be positive, was " + width + "x" + height);
    }
    if (pixels.length != 3L * width * height) {
      throw new InvalidInputException("a " + width + "x" + height + " RGB image needs " + 3L * width * height
          + " bytes, got " + pixels.length);
    }
    this.width = width;
    this.height = height;
    this.data = pixels;
    this.bgr = bgr;
    this.rgb = bgr ? null : pixels;
  }

  /** The stored bytes, in {@link #isBgr()} order. */
  byte[] data() {
    return data;
  }

  /** Whether {@link #data()} is B, G, R rather than R, G, B. */
  boolean isBgr() {
    return bgr;
  }

  /**
   * Returns the width in pixels.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * Returns the height in pixels.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * Returns the interleaved RGB bytes; do not modify them.
   *
   * @return the pixels
   */
  public byte[] pixels() {
    byte[] p = rgb;
    if (p == null) {
      p = new byte[data.length];
      for (int i = 0; i < p.length; i += 3) {
        p[i] = data[i + 2];
        p[i + 1] = data[i + 1];
        p[i + 2] = data[i];
      }
      rgb = p;
    }
    return p;
  }

  /**
   * Returns one channel value of one pixel.
   *
   * @param x the column
   * @param y the row
   * @param channel 0 red, 1 green, 2 blue
   * @return the value, 0..255
   */
  public int get(int x, int y, int channel) {
    return data[(y * width + x) * 3 + (bgr ? 2 - channel : channel)] & 0xFF;
  }

  /**
   * Returns a copy as a {@code TYPE_3BYTE_BGR} {@link java.awt.image.BufferedImage}, which
   * {@link ImageDecoder#fromBufferedImage} turns back into the same pixels.
   *
   * @return the picture
   */
  public java.awt.image.BufferedImage toBufferedImage() {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    if (bgr) {
      System.arraycopy(data, 0, out, 0, data.length);
      return img;
    }
    for (int i = 0; i < data.length; i += 3) {
      out[i] = data[i + 2];
      out[i + 1] = data[i + 1];
      out[i + 2] = data[i];
    }
    return img;
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
