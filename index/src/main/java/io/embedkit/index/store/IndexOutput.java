package io.embedkit.index.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes little-endian primitives and strings to an index file while computing its CRC32. Not thread-safe. */
public final class IndexOutput {
  private static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final CRC32 crc = new CRC32();
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  IndexOutput(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes one byte.
   *
   * @param b the byte
   * @throws IOException if writing fails
   */
  public void writeByte(int b) throws IOException {
    ensure(1);
    buf.put((byte) b);
  }

  /**
   * Writes an int.
   *
   * @param v the value
   * @throws IOException if writing fails
   */
  public void writeInt(int v) throws IOException {
    ensure(4);
    buf.putInt(v);
  }

  /**
   * Writes a long.
   *
   * @param v the value
   * @throws IOException if writing fails
   */
  public void writeLong(long v) throws IOException {
    ensure(8);
    buf.putLong(v);
  }

  /**
   * Writes a float.
   *
   * @param v the value
   * @throws IOException if writing fails
   */
  public void writeFloat(float v) throws IOException {
    ensure(4);
    buf.putFloat(v);
  }

  /**
   * Writes a string as its UTF-8 length and bytes.
   *
   * @param s the string
   * @throws IOException if writing fails
   */
  public void writeString(String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    int off = 0;
    while (off < bytes.length) {
      ensure(1);
      int n = Math.min(buf.remaining(), bytes.length - off);
      buf.put(bytes, off, n);
      off += n;
    }
  }

  /**
   * Writes a run of floats.
   *
   * @param values the array
   * @param offset the first index
   * @param length how many
   * @throws IOException if writing fails
   */
  public void writeFloats(float[] values, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      ensure(4);
      int n = Math.min(buf.remaining() / 4, end - i);
      buf.asFloatBuffer().put(values, i, n);
      buf.position(buf.position() + n * 4);
      i += n;
    }
  }

  /**
   * Writes a run of bytes.
   *
   * @param values the array
   * @param offset the first index
   * @param length how many
   * @throws IOException if writing fails
   */
  public void writeBytes(byte[] values, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      ensure(1);
      int n = Math.min(buf.remaining(), end - i);
      buf.put(values, i, n);
      i += n;
    }
  }

  /**
   * Writes a run of ints.
   *
   * @param values the array
   * @param offset the first index
   * @param length how many
   * @throws IOException if writing fails
   */
  public void writeInts(int[] values, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      ensure(4);
      int n = Math.min(buf.remaining() / 4, end - i);
      buf.asIntBuffer().put(values, i, n);
      buf.position(buf.position() + n * 4);
      i += n;
    }
  }

  /**
   * Writes a run of longs.
   *
   * @param values the array
   * @param offset the first index
   * @param length how many
   * @throws IOException if writing fails
   */
  public void writeLongs(long[] values, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      ensure(8);
      int n = Math.min(buf.remaining() / 8, end - i);
      buf.asLongBuffer().put(values, i, n);
      buf.position(buf.position() + n * 8);
      i += n;
    }
  }

  /**
   * Returns how many bytes were written so far.
   *
   * @return the byte count
   */
  public long bytesWritten() {
    return written + buf.position();
  }

  long checksum() throws IOException {
    flushBuffer();
    return crc.getValue();
  }

  void flushBuffer() throws IOException {
    if (buf.position() > 0) {
      crc.update(buf.array(), 0, buf.position());
      out.write(buf.array(), 0, buf.position());
      written += buf.position();
      buf.clear();
    }
  }

  /** Writes the footer bytes, which the checksum does not cover. */
  void writeRawLong(long v) throws IOException {
    flushBuffer();
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
    out.write(b.array());
    written += 8;
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) {
      flushBuffer();
    }
  }
}
