package io.embedkit.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A collection's write-ahead log: records of {@code int length | int crc32 | UTF-8 JSON}, appended and forced
 * to disk before a write is acknowledged. Reading stops at the first torn or damaged record (what a kill
 * left half-written, never acknowledged) and cuts the file there. Not thread-safe: the collection serialises
 * its writes.
 */
final class WriteAheadLog implements AutoCloseable {
  private static final int MAX_RECORD = 64 << 20;
  private final Path file;
  private FileChannel channel;
  private long records;

  private WriteAheadLog(Path file, FileChannel channel, long records) {
    this.file = file;
    this.channel = channel;
    this.records = records;
  }

  /**
   * Opens a log, returning its intact records through {@code replay} in order.
   *
   * @param file the log file, created if absent
   * @param replay receives each record's JSON
   * @return the log, positioned after the last intact record
   * @throws IOException if reading fails
   */
  static WriteAheadLog open(Path file, java.util.function.Consumer<String> replay) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    long pos = 0;
    long count = 0;
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (pos + 8 <= size) {
      head.clear();
      ch.read(head, pos);
      head.flip();
      int len = head.getInt();
      int crc = head.getInt();
      if (len <= 0 || len > MAX_RECORD || pos + 8 + len > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(len);
      while (body.hasRemaining() && ch.read(body, pos + 8 + body.position()) > 0) {
        // read the whole record
      }
      CRC32 c = new CRC32();
      c.update(body.array());
      if ((int) c.getValue() != crc) {
        break;
      }
      replay.accept(new String(body.array(), StandardCharsets.UTF_8));
      pos += 8 + len;
      count++;
    }
    if (pos < size) {
      ch.truncate(pos); // a torn tail: it was never acknowledged
      ch.force(true);
    }
    ch.position(pos);
    return new WriteAheadLog(file, ch, count);
  }

  /**
   * Appends a record and forces it to disk.
   *
   * @param json the record
   * @throws IOException if writing fails
   */
  void append(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    CRC32 c = new CRC32();
    c.update(body);
    ByteBuffer b = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(body.length).putInt((int) c.getValue()).put(body).flip();
    while (b.hasRemaining()) {
      channel.write(b);
    }
    channel.force(false);
    records++;
  }

  /** Records since the last truncation. */
  long records() {
    return records;
  }

  /** Empties the log (after a snapshot holds everything it had). */
  void truncate() throws IOException {
    channel.truncate(0);
    channel.position(0);
    channel.force(true);
    records = 0;
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Removes the log file. */
  static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }
}
