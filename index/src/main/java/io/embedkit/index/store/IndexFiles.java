package io.embedkit.index.store;

import io.embedkit.core.AtomicFiles;
import io.embedkit.core.IndexCorruptedException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The embedkit index file layout, shared by every index type.
 *
 * <pre>
 * content (CRC32-checked): int magic "EMBK" | string format | int version | body written by the index
 * footer (16 bytes):       long footer magic | long CRC32 of the content
 * </pre>
 *
 * All numbers are little-endian. Writing goes to a temporary file in the target's folder, which is forced
 * to disk and then atomically renamed over the target, so a failed save leaves the previous file intact.
 * Reading checks the magic, the format, the version, the length and the checksum, and never returns
 * partial data.
 */
public final class IndexFiles {
  /** The first four bytes of every embedkit index file ("EMBK" read as little-endian). */
  public static final int MAGIC = 0x4B424D45;

  /** The first eight bytes of the footer. */
  public static final long FOOTER_MAGIC = 0x444E454B424D4521L;

  private static final int FOOTER_BYTES = 16;
  private static final int MAX_FORMAT_NAME = 64;

  private IndexFiles() {}

  /** Writes an index body. */
  @FunctionalInterface
  public interface BodyWriter {
    /**
     * Writes the body.
     *
     * @param out the output
     * @throws IOException if writing fails
     */
    void write(IndexOutput out) throws IOException;
  }

  /**
   * Reads an index body.
   *
   * @param <T> what the body becomes
   */
  @FunctionalInterface
  public interface BodyReader<T> {
    /**
     * Reads the body.
     *
     * @param in the input, positioned after the header
     * @param version the format version the file was written with
     * @return the object read
     * @throws IOException if reading fails
     */
    T read(IndexInput in, int version) throws IOException;
  }

  /**
   * Writes an index file atomically.
   *
   * @param target the file to create or replace
   * @param format the format name, e.g. {@code "embedkit-flat"}
   * @param version the format version
   * @param body writes the index's content
   * @return the size of the file written, in bytes
   * @throws IOException if writing fails; {@code target} is then as it was
   */
  public static long write(Path target, String format, int version, BodyWriter body) throws IOException {
    return AtomicFiles.write(target, os -> {
      IndexOutput out = new IndexOutput(os);
      out.writeInt(MAGIC);
      out.writeString(format);
      out.writeInt(version);
      body.write(out);
      long crc = out.checksum();
      out.writeRawLong(FOOTER_MAGIC);
      out.writeRawLong(crc);
    });
  }

  /**
   * Returns the format name written in a file's header.
   *
   * @param file the file
   * @return the format name
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is no embedkit index file
   */
  public static String formatOf(Path file) throws IOException {
    requireFile(file);
    try (InputStream raw = Files.newInputStream(file)) {
      long size = Files.size(file);
      IndexInput in = new IndexInput(new BufferedInputStream(raw), file, size);
      return readHeaderName(in, file, size);
    }
  }

  /**
   * Reads an index file, checking its header, length and checksum.
   *
   * @param file the file
   * @param format the format name required
   * @param maxVersion the newest version this build reads
   * @param body reads the content after the header
   * @param <T> what the body becomes
   * @return what {@code body} returned, only if the whole file checked out
   * @throws IOException if the file cannot be read
   * @throws IndexCorruptedException if it is truncated, altered, of another format or too new
   */
  public static <T> T read(Path file, String format, int maxVersion, BodyReader<T> body) throws IOException {
    requireFile(file);
    long size = Files.size(file);
    long contentLength = size - FOOTER_BYTES;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      InputStream raw = Channels.newInputStream(ch);
      IndexInput in = new IndexInput(raw, file, Math.max(contentLength, 0));
      String found = readHeaderName(in, file, size);
      if (!found.equals(format)) {
        throw new IndexCorruptedException(file, "holds format '" + found + "', expected '" + format + "'");
      }
      int version = in.readInt();
      if (version > maxVersion) {
        throw new IndexVersionException(file, format, version, maxVersion);
      }
      if (version < 1) {
        throw new IndexCorruptedException(file, "format version " + version + " is invalid");
      }
      ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(footer, contentLength);
      footer.flip();
      if (footer.remaining() < FOOTER_BYTES || footer.getLong() != FOOTER_MAGIC) {
        throw new IndexCorruptedException(file, "footer missing: the file is truncated or was not fully"
            + " written (" + size + " bytes)");
      }
      long storedCrc = footer.getLong();
      T result;
      try {
        result = body.read(in, version);
      } catch (EOFException e) {
        throw new IndexCorruptedException(file, "content ends before the index is complete", e);
      } catch (IndexCorruptedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new IndexCorruptedException(file, "content is invalid: " + e.getMessage(), e);
      }
      if (in.remaining() != 0) {
        throw new IndexCorruptedException(file, in.remaining() + " unexpected bytes after the index content");
      }
      if (in.checksum() != storedCrc) {
        throw new IndexCorruptedException(file, String.format(
            "checksum mismatch: stored %08x, computed %08x (the file was altered)", storedCrc, in.checksum()));
      }
      return result;
    }
  }

  private static String readHeaderName(IndexInput in, Path file, long size) throws IOException {
    if (size < 12 + FOOTER_BYTES) {
      if (size >= 4 && in.readInt() != MAGIC) {
        throw notEmbedkit(file);
      }
      throw new IndexCorruptedException(file, "truncated: " + size + " bytes is too short for an index");
    }
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw notEmbedkit(file);
    }
    int len = in.readInt();
    if (len <= 0 || len > MAX_FORMAT_NAME) {
      throw new IndexCorruptedException(file, "format name length " + len + " is invalid");
    }
    byte[] name = new byte[len];
    for (int i = 0; i < len; i++) {
      name[i] = (byte) in.readByte();
    }
    return new String(name, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IndexCorruptedException(file, Files.exists(file) ? "is not a regular file" : "does not exist");
    }
  }

  private static IndexCorruptedException notEmbedkit(Path file) {
    return new IndexCorruptedException(file, "is not an embedkit index (its first bytes are not \"EMBK\")");
  }
}
