package io.embedkit.image;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import io.embedkit.runtime.Inputs;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG (including CMYK), GIF (first frame), BMP and WebP files to {@link RgbImage}s with the
 * pixel values PIL's {@code Image.open(f).convert("RGB")} gives: alpha is dropped without compositing,
 * palettes are expanded, 16-bit colour keeps the high byte, 16-bit grey is clipped to 255 (PIL's mode I), and
 * CMYK becomes RGB by PIL's formula rather than a colour profile.
 *
 * <p>As in PIL, EXIF orientation and colour profiles are not applied. A GIF gives its first frame at the
 * frame's own size. YCCK JPEGs are read through TwelveMonkeys' conversion to CMYK (not checked against PIL:
 * PIL cannot write one for a fixture).
 *
 * <p>The image size is read from the header and checked against a pixel limit before any pixel memory is
 * allocated, so a small file declaring a huge image (a decompression bomb) is refused cheaply. Thread-safe.
 */
public final class ImageDecoder {
  /** PIL's own refusal threshold ({@code 2 * Image.MAX_IMAGE_PIXELS}). */
  public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

  private final long maxPixels;

  /**
   * Creates a decoder.
   *
   * @param maxPixels the largest width × height accepted
   * @throws InvalidInputException if the limit is not positive
   */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new InvalidInputException("maxPixels must be positive, was " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  /**
   * Returns a decoder with PIL's pixel limit, {@link #DEFAULT_MAX_PIXELS}.
   *
   * @return the decoder
   */
  public static ImageDecoder defaults() {
    return new ImageDecoder(DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes an image file.
   *
   * @param file the file
   * @return the RGB pixels
   * @throws InvalidInputException if the file is missing, empty, truncated, corrupt or too large
   * @throws UnsupportedFormatException if it is not an image format embedkit decodes
   */
  public RgbImage decode(Path file) {
    return decode(Inputs.read(file, "image"), file.toString());
  }

  /**
   * Decodes an image from a stream, reading it to the end; the stream is not closed.
   *
   * @param in the stream
   * @param name what to call the input in messages
   * @return the RGB pixels
   * @throws InvalidInputException if the stream fails or holds no valid image
   */
  public RgbImage decode(InputStream in, String name) {
    return decode(Inputs.read(in, name), name);
  }

  /**
   * Decodes an image held in memory.
   *
   * @param bytes the encoded image
   * @param name what to call the input in messages, e.g. its file name
   * @return the RGB pixels
   * @throws InvalidInputException if the bytes are empty, truncated, corrupt or declare too many pixels
   * @throws UnsupportedFormatException if they are not an image format embedkit decodes
   */
  public RgbImage decode(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw new InvalidInputException(name + ": empty file, not an image");
    }
    List<ImageReader> candidates = new ArrayList<>();
    // in memory, never through ImageIO's temporary files, and without changing ImageIO's global settings
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnsupportedFormatException(name + ": not a PNG, JPEG, GIF, BMP or WebP image (starts with "
            + hex(bytes) + ")");
      }
      readers.forEachRemaining(candidates::add);
      ImageReader reader = preferred(candidates);
      String format = reader.getFormatName().toUpperCase(Locale.ROOT);
      reader.setInput(in, false, true);
      long w = reader.getWidth(0);
      long h = reader.getHeight(0);
      if (w <= 0 || h <= 0) {
        throw new InvalidInputException(name + ": " + format + " header declares " + w + "x" + h + " pixels");
      }
      if (w * h > maxPixels) {
        throw new InvalidInputException(name + ": " + format + " header declares " + w + "x" + h + " = " + w * h
            + " pixels, above the limit of " + maxPixels + " (ImageEncoderConfig maxPixels): refused before"
            + " decoding, as a possible decompression bomb");
      }
      if (isJdk(reader) && format.equals("JPEG") && reader.getRawImageType(0) == null) {
        ImageReader cmyk = candidates.stream().filter(r -> !isJdk(r)).findFirst().orElse(null);
        if (cmyk != null) { // CMYK or YCCK, which only TwelveMonkeys reads
          reader = cmyk;
          in.seek(0);
          reader.setInput(in, false, true);
        }
      }
      String[] warning = new String[1];
      reader.addIIOReadWarningListener(new FirstWarning(warning));
      RgbImage image = isCmyk(reader) ? fromCmyk(reader.readRaster(0, null)) : convert(reader.read(0), true);
      if (warning[0] != null) { // the JDK's JPEG reader warns, rather than fails, on a truncated file
        throw new InvalidInputException(name + ": corrupt or truncated " + format + " image: " + warning[0]);
      }
      return image;
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(name + ": corrupt or truncated image: " + e, e);
    } finally {
      candidates.forEach(ImageReader::dispose);
    }
  }

  /**
   * Converts a picture to 8-bit RGB as PIL's {@code convert("RGB")} would convert the same pixels.
   *
   * @param image the picture; RGB, grey and palette models keep their stored values, other colour spaces
   *     go through Java's colour conversion ({@link BufferedImage#getRGB})
   * @return the RGB pixels
   */
  public static RgbImage fromBufferedImage(BufferedImage image) {
    return convert(image, false);
  }

  /** With {@code owned}, a plain B, G, R image hands its array over instead of being copied. */
  private static RgbImage convert(BufferedImage image, boolean owned) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1 && db.getOffset() == 0 && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0
        && db.getData().length == 3 * image.getWidth() * image.getHeight()) {
      byte[] data = owned ? db.getData() : db.getData().clone();
      return new RgbImage(image.getWidth(), image.getHeight(), data, true);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel cm = image.getColorModel();
    Raster r = image.getRaster();
    byte[] out = new byte[3 * w * h];
    if (cm instanceof IndexColorModel icm) {
      int size = icm.getMapSize();
      byte[] reds = new byte[size];
      byte[] greens = new byte[size];
      byte[] blues = new byte[size];
      icm.getReds(reds);
      icm.getGreens(greens);
      icm.getBlues(blues);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
          int i = Math.min(row[x], size - 1);
          out[o] = reds[i];
          out[o + 1] = greens[i];
          out[o + 2] = blues[i];
        }
      }
      return new RgbImage(w, h, out);
    }
    int csType = cm.getColorSpace().getType();
    int colors = cm.getNumColorComponents();
    boolean rgb = csType == ColorSpace.TYPE_RGB && colors == 3;
    boolean grey = csType == ColorSpace.TYPE_GRAY && colors == 1;
    if (!(cm instanceof ComponentColorModel) || !(rgb || grey)) {
      return viaJava2D(image);
    }
    int bits = cm.getComponentSize(0);
    if (bits == 8 && r.getDataBuffer() instanceof DataBufferByte db
        && r.getSampleModel() instanceof PixelInterleavedSampleModel sm && db.getNumBanks() == 1) {
      copyInterleaved(r, db, sm, grey, out);
      return new RgbImage(w, h, out);
    }
    // PIL: 16-bit colour (and grey with alpha) keeps the high byte; 16-bit grey alone is mode I, clipped
    boolean clip = grey && !cm.hasAlpha() && r.getTransferType() == DataBuffer.TYPE_USHORT;
    int shift = clip ? 0 : Math.max(0, bits - 8);
    int[] px = new int[r.getNumBands()];
    for (int y = 0; y < h; y++) {
      for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
        r.getPixel(x, y, px);
        for (int c = 0; c < 3; c++) {
          int v = px[grey ? 0 : c] >>> shift;
          out[o + c] = (byte) Math.min(v, 255);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private static void copyInterleaved(Raster r, DataBufferByte db, PixelInterleavedSampleModel sm, boolean grey,
      byte[] out) {
    int w = r.getWidth();
    int h = r.getHeight();
    byte[] data = db.getData();
    int stride = sm.getPixelStride();
    int scan = sm.getScanlineStride();
    int[] offsets = sm.getBandOffsets();
    int base = db.getOffset() - r.getSampleModelTranslateY() * scan - r.getSampleModelTranslateX() * stride;
    int o0 = offsets[0];
    int o1 = grey ? offsets[0] : offsets[1];
    int o2 = grey ? offsets[0] : offsets[2];
    for (int y = 0; y < h; y++) {
      int i = base + y * scan;
      int o = 3 * y * w;
      for (int x = 0; x < w; x++, i += stride, o += 3) {
        out[o] = data[i + o0];
        out[o + 1] = data[i + o1];
        out[o + 2] = data[i + o2];
      }
    }
  }

  private static RgbImage viaJava2D(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
        int p = row[x];
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * libwebp's reader for WebP (PIL decodes WebP with libwebp too); the JDK's own for JPEG, which is faster than
   * TwelveMonkeys' wrapper around it; else the first one offered.
   */
  private static ImageReader preferred(List<ImageReader> readers) throws IOException {
    for (ImageReader r : readers) {
      String format = r.getFormatName().toLowerCase(Locale.ROOT);
      if (format.equals("webp") && isLibwebp(r) || format.equals("jpeg") && isJdk(r)) {
        return r;
      }
    }
    return readers.get(0);
  }

  private static boolean isJdk(ImageReader r) {
    return r.getClass().getName().startsWith("com.sun.imageio.");
  }

  private static boolean isLibwebp(ImageReader r) {
    return r.getClass().getName().startsWith("com.luciad.imageio.webp");
  }

  private static boolean isCmyk(ImageReader reader) throws IOException {
    javax.imageio.ImageTypeSpecifier raw = reader.getRawImageType(0);
    return raw != null && raw.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK
        && reader.canReadRaster();
  }

  /**
   * PIL reads CMYK JPEGs with Adobe's inverted convention and converts each pixel with
   * {@code R = (255 - K) - (C * (255 - K)) / 255} (rounded as its MULDIV255 does).
   */
  private static RgbImage fromCmyk(Raster r) {
    int w = r.getWidth();
    int h = r.getHeight();
    byte[] out = new byte[3 * w * h];
    int[] px = new int[4 * w];
    for (int y = 0; y < h; y++) {
      r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, px);
      for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
        int nk = px[4 * x + 3]; // stored inverted: this is 255 - K
        for (int c = 0; c < 3; c++) {
          int ink = 255 - px[4 * x + c];
          out[o + c] = (byte) clip8(nk - mulDiv255(ink, nk));
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private static int mulDiv255(int a, int b) {
    int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
  }

  private static int clip8(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
    }
    return s.toString();
  }

  private record FirstWarning(String[] slot) implements IIOReadWarningListener {
    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning.toLowerCase(Locale.ROOT);
      // as PIL: a file ending early fails; recoverable oddities (extraneous bytes, odd profiles) do not
      if (slot[0] == null && (w.contains("premature end") || w.contains("truncat"))) {
        slot[0] = warning;
      }
    }
  }
}
