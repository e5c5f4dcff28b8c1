package io.embedkit.index.store;

import io.embedkit.core.Checks;
import io.embedkit.core.IndexCorruptedException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an index keeps beside an item's vector: its text (or null) and its typed metadata. The file form
 * (format version 4 of the flat and HNSW files): a byte 1 and the text, or 0; the number of metadata pairs;
 * per pair, in key order, the key, a type byte ({@code S}tring, {@code L}ong, {@code D}ouble, {@code B}oolean)
 * and the value. Versions 1 to 3 held string pairs only, no text.
 *
 * @param text the item's text, or null
 * @param metadata its metadata, immutable, values as {@link io.embedkit.core.Metadata} describes
 */
public record Payload(String text, Map<String, Object> metadata) {
  /** No text, no metadata. */
  public static final Payload EMPTY = new Payload(null, Map.of());

  /** The first version of the flat and HNSW files with text and typed metadata. */
  public static final int TYPED_VERSION = 4;

  /**
   * Checks and converts an item's text and metadata.
   *
   * @param id the item's id, for messages
   * @param text its text, or null
   * @param metadata its metadata
   * @return the payload, {@link #EMPTY} when there is nothing
   */
  public static Payload of(String id, String text, Map<String, ?> metadata) {
    Map<String, Object> m = Checks.metadata(id, metadata);
    return text == null && m.isEmpty() ? EMPTY : new Payload(text, m);
  }

  /**
   * Writes the payload in the newest form.
   *
   * @param out the output
   * @throws IOException if writing fails
   */
  public void write(IndexOutput out) throws IOException {
    out.writeByte(text == null ? 0 : 1);
    if (text != null) {
      out.writeString(text);
    }
    out.writeInt(metadata.size());
    for (Map.Entry<String, Object> e : new TreeMap<>(metadata).entrySet()) {
      out.writeString(e.getKey());
      Object v = e.getValue();
      if (v instanceof String s) {
        out.writeByte('S');
        out.writeString(s);
      } else if (v instanceof Long l) {
        out.writeByte('L');
        out.writeLong(l);
      } else if (v instanceof Double d) {
        out.writeByte('D');
        out.writeLong(Double.doubleToRawLongBits(d));
      } else {
        out.writeByte('B');
        out.writeByte((Boolean) v ? 1 : 0);
      }
    }
  }

  /**
   * Reads a payload written by {@link #write}, or by a file of an older version.
   *
   * @param in the input
   * @param version the file's format version
   * @param what the item, for messages (e.g. "node 12")
   * @return the payload
   * @throws IOException if reading fails or the bytes are not a payload
   */
  public static Payload read(IndexInput in, int version, String what) throws IOException {
    String text = null;
    if (version >= TYPED_VERSION) {
      int flag = in.readByte();
      if (flag == 1) {
        text = in.readString();
      } else if (flag != 0) {
        throw new IndexCorruptedException(in.file(), what + " has text flag " + flag);
      }
    }
    int pairs = in.readInt("metadata size of " + what, 0, 1 << 20);
    if (pairs == 0 && text == null) {
      return EMPTY;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int p = 0; p < pairs; p++) {
      String key = in.readString();
      if (version < TYPED_VERSION) {
        m.put(key, in.readString());
        continue;
      }
      int type = in.readByte();
      switch (type) {
        case 'S':
          m.put(key, in.readString());
          break;
        case 'L':
          m.put(key, in.readLong());
          break;
        case 'D': {
          double d = Double.longBitsToDouble(in.readLong());
          if (!Double.isFinite(d)) {
            throw new IndexCorruptedException(in.file(), what + ": metadata '" + key + "' is " + d);
          }
          m.put(key, d);
          break;
        }
        case 'B': {
          int b = in.readByte();
          if (b > 1) {
            throw new IndexCorruptedException(in.file(), what + ": metadata '" + key + "' has boolean " + b);
          }
          m.put(key, b == 1);
          break;
        }
        default:
          throw new IndexCorruptedException(in.file(), what + ": metadata '" + key + "' has type " + type);
      }
    }
    return new Payload(text, java.util.Collections.unmodifiableMap(m));
  }

  /**
   * Returns an estimate of the payload's heap bytes.
   *
   * @return bytes
   */
  public long ramBytes() {
    long bytes = 16 + (text == null ? 0 : 40 + text.length());
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      bytes += 96 + e.getKey().length() + (e.getValue() instanceof String s ? s.length() : 16);
    }
    return bytes;
  }
}
