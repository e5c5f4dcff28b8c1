package io.embedkit.image;

import io.embedkit.image.ImagePreprocessing.Convention;

/**
 * Runs an {@link ImagePreprocessing} on RGB images, giving the model's input: a channels-first
 * {@code (3, H, W)} float tensor, row-major. Resizing computes only the pixels the crop keeps. Thread-safe.
 */
public final class ImagePreprocessor {
  private final ImagePreprocessing p;
  private final float[] table = new float[3 * 256]; // per channel and 8-bit value: the final float

  private ImagePreprocessor(ImagePreprocessing p) {
    this.p = p;
    float[] mean = p.mean();
    float[] std = p.std();
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        float x = v;
        if (p.rescale()) { // the reference's own arithmetic: float division, or a double product cast
          x = p.convention() == Convention.TORCHVISION && p.rescaleFactor() == 1 / 255.0 ? v / 255f
              : (float) (v * p.rescaleFactor());
        }
        if (p.normalize()) {
          x = (x - mean[c]) / std[c];
        }
        table[c * 256 + v] = x;
      }
    }
  }

  /**
   * Returns a preprocessor for some settings.
   *
   * @param settings the settings
   * @return the preprocessor
   */
  public static ImagePreprocessor of(ImagePreprocessing settings) {
    return new ImagePreprocessor(settings);
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public ImagePreprocessing settings() {
    return p;
  }

  /**
   * Returns the tensor shape an image of the given size becomes, as (channels, height, width).
   *
   * @param w the image width
   * @param h the image height
   * @return {@code {3, H, W}}
   */
  public int[] outputShape(int w, int h) {
    if (p.centerCrop()) {
      return new int[] {3, p.cropHeight(), p.cropWidth()};
    }
    int[] r = p.resizedSize(w, h);
    return new int[] {3, r[1], r[0]};
  }

  /**
   * Returns the 8-bit pixels after resizing and cropping, before rescaling: what PIL and the crop step give.
   *
   * @param image the image
   * @return the cropped image; padding, where the image is smaller than the crop, is black
   */
  public RgbImage resizeAndCrop(RgbImage image) {
    int[] rs = p.resizedSize(image.width(), image.height());
    int[] shape = outputShape(image.width(), image.height());
    Span x = span(rs[0], shape[2]);
    Span y = span(rs[1], shape[1]);
    RgbImage part = PilResize.resize(image, rs[0], rs[1], p.resample(), x.src, y.src, x.count, y.count);
    if (x.count == shape[2] && y.count == shape[1]) {
      return part;
    }
    byte[] out = new byte[3 * shape[1] * shape[2]];
    for (int r = 0; r < y.count; r++) {
      System.arraycopy(part.data(), 3 * r * x.count, out, 3 * ((y.dst + r) * shape[2] + x.dst), 3 * x.count);
    }
    return new RgbImage(shape[2], shape[1], out, part.isBgr());
  }

  /**
   * Preprocesses an image into a {@code (3, H, W)} tensor.
   *
   * @param image the image
   * @return the tensor values, channel by channel, row by row
   */
  public float[] apply(RgbImage image) {
    RgbImage crop = resizeAndCrop(image);
    float[] out = new float[3 * crop.width() * crop.height()];
    toTensor(crop, out, 0);
    return out;
  }

  /** Writes the rescaled, normalised CHW values of an already cropped image into {@code out} at {@code offset}. */
  void toTensor(RgbImage crop, float[] out, int offset) {
    byte[] px = crop.data();
    int plane = crop.width() * crop.height();
    int r = crop.isBgr() ? 2 : 0;
    int b = 2 - r;
    for (int i = 0; i < plane; i++) {
      out[offset + i] = table[px[3 * i + r] & 0xFF];
      out[offset + plane + i] = table[256 + (px[3 * i + 1] & 0xFF)];
      out[offset + 2 * plane + i] = table[512 + (px[3 * i + b] & 0xFF)];
    }
  }

  /** For one axis: where the kept part starts in the resized image and in the output, and its length. */
  private record Span(int src, int dst, int count) {}

  private Span span(int size, int out) {
    if (!p.centerCrop()) {
      return new Span(0, 0, size);
    }
    if (size >= out) {
      int start = p.convention() == Convention.TORCHVISION ? (int) Math.rint((size - out) / 2.0)
          : (size - out) / 2;
      return new Span(start, 0, out);
    }
    int pad = p.convention() == Convention.TORCHVISION ? (out - size) / 2 : (out - size + 1) / 2;
    return new Span(0, pad, size);
  }
}
