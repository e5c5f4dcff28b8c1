package io.embedkit.index.store;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Reads what {@link IndexOutput} wrote, computing the CRC32 of everything read. Reads past the checksummed
 * content and implausible lengths fail with {@link IndexCorruptedException}. Not thread-safe.
 */
public final class IndexInput {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final Path file;
  private final long contentLength;
  private final CRC32 crc = new CRC32();
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private long consumed;

  IndexInput(InputStream in, Path file, long contentLength) {
    this.in = in;
    this.file = file;
    this.contentLength = contentLength;
    buf.limit(0);
  }

  /**
   * Returns the file being read, for error messages.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Returns how many content bytes are left to read.
   *
   * @return bytes left before the footer
   */
  public long remaining() {
    return contentLength - consumed + buf.remaining();
  }

  /**
   * Reads one byte.
   *
   * @return the byte, 0..255
   * @throws IOException if reading fails or the content ends
   */
  public int readByte() throws IOException {
    need(1);
    return buf.get() & 0xFF;
  }

  /**
   * Reads an int.
   *
   * @return the value
   * @throws IOException if reading fails or the content ends
   */
  public int readInt() throws IOException {
    need(4);
    return buf.getInt();
  }

  /**
   * Reads a long.
   *
   * @return the value
   * @throws IOException if reading fails or the content ends
   */
  public long readLong() throws IOException {
    need(8);
    return buf.getLong();
  }

  /**
   * Reads a float.
   *
   * @return the value
   * @throws IOException if reading fails or the content ends
   */
  public float readFloat() throws IOException {
    need(4);
    return buf.getFloat();
  }

  /**
   * Reads an int that must lie in a range.
   *
   * @param what names the value in the message
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the value is out of range
   */
  public int readInt(String what, int min, int max) throws IOException {
    int v = readInt();
    if (v < min || v > max) {
      throw new IndexCorruptedException(file, what + " is " + v + ", expected " + min + ".." + max);
    }
    return v;
  }

  /**
   * Reads a metric's name.
   *
   * @return the metric
   * @throws IOException if reading fails
   * @throws IndexCorruptedException naming the file and the unknown name
   */
  public Metric readMetric() throws IOException {
    String name = readString();
    try {
      return Metric.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IndexCorruptedException(file(), "unknown metric '" + name + "'");
    }
  }

  /**
   * Reads a string written by {@link IndexOutput#writeString}.
   *
   * @return the string
   * @throws IOException if reading fails or the length is implausible
   */
  public String readString() throws IOException {
    int len = readInt();
    if (len < 0 || len > remaining()) {
      throw new IndexCorruptedException(file, "string length " + len + " exceeds the " + remaining()
          + " bytes left");
    }
    byte[] bytes = new byte[len];
    int off = 0;
    while (off < len) {
      need(1);
      int n = Math.min(buf.remaining(), len - off);
      buf.get(bytes, off, n);
      off += n;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Reads a run of floats.
   *
   * @param dst where to put them
   * @param offset the first index in {@code dst}
   * @param length how many
   * @throws IOException if reading fails or the content ends
   */
  public void readFloats(float[] dst, int offset, int length) throws IOException {
    checkAvailable(4L * length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      need(4);
      int n = Math.min(buf.remaining() / 4, end - i);
      buf.asFloatBuffer().get(dst, i, n);
      buf.position(buf.position() + n * 4);
      i += n;
    }
  }

  /**
   * Reads a run of bytes.
   *
   * @param dst where to put them
   * @param offset the first index in {@code dst}
   * @param length how many
   * @throws IOException if reading fails or the content ends
   */
  public void readBytes(byte[] dst, int offset, int length) throws IOException {
    checkAvailable(length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      need(1);
      int n = Math.min(buf.remaining(), end - i);
      buf.get(dst, i, n);
      i += n;
    }
  }

  /**
   * Reads a run of ints.
   *
   * @param dst where to put them
   * @param offset the first index in {@code dst}
   * @param length how many
   * @throws IOException if reading fails or the content ends
   */
  public void readInts(int[] dst, int offset, int length) throws IOException {
    checkAvailable(4L * length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      need(4);
      int n = Math.min(buf.remaining() / 4, end - i);
      buf.asIntBuffer().get(dst, i, n);
      buf.position(buf.position() + n * 4);
      i += n;
    }
  }

  /**
   * Reads a run of longs.
   *
   * @param dst where to put them
   * @param offset the first index in {@code dst}
   * @param length how many
   * @throws IOException if reading fails or the content ends
   */
  public void readLongs(long[] dst, int offset, int length) throws IOException {
    checkAvailable(8L * length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      need(8);
      int n = Math.min(buf.remaining() / 8, end - i);
      buf.asLongBuffer().get(dst, i, n);
      buf.position(buf.position() + n * 8);
      i += n;
    }
  }

  /**
   * Fails unless at least {@code bytes} content bytes are left; call it before allocating for a count read
   * from the file, so a corrupt count cannot exhaust memory.
   *
   * @param bytes bytes about to be read
   * @throws IndexCorruptedException if fewer are left
   */
  public void checkAvailable(long bytes) {
    if (bytes < 0 || bytes > remaining()) {
      throw new IndexCorruptedException(file, "needs " + bytes + " more bytes but only " + remaining()
          + " are left");
    }
  }

  long checksum() {
    return crc.getValue();
  }

  private void need(int n) throws IOException {
    if (buf.remaining() >= n) {
      return;
    }
    buf.compact();
    while (buf.position() < n) {
      long left = contentLength - consumed;
      if (left <= 0) {
        buf.flip();
        throw new EOFException("content ends early");
      }
      int want = (int) Math.min(buf.remaining(), left);
      int r = in.read(buf.array(), buf.position(), want);
      if (r < 0) {
        buf.flip();
        throw new EOFException("file ends early");
      }
      crc.update(buf.array(), buf.position(), r);
      buf.position(buf.position() + r);
      consumed += r;
    }
    buf.flip();
  }
}
