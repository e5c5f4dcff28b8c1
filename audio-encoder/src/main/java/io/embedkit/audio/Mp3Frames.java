package io.embedkit.audio;

import java.io.IOException;

/**
 * Walks the frame headers of an MPEG audio layer III stream to tell whether it ends inside a frame, which the
 * decoder would drop without a word: a file cut short. Reads only headers.
 */
final class Mp3Frames {
  private static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  private static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  private static final int[][] RATES = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000},
      {44100, 48000, 32000}}; // by the version bits: 2.5, reserved, 2, 1

  /** Reads bytes at a position; returns how many were read (fewer at the end). */
  interface Source {
    int read(long position, byte[] into) throws IOException;
  }

  private Mp3Frames() {}

  /**
   * Returns the number of whole frames when the stream ends inside a frame, or -1 when it ends on a frame
   * boundary (or an ID3v1 tag), or is no layer III stream this walker follows.
   *
   * @param in the bytes
   * @param size the stream's length
   * @return the whole frames before the cut, or -1
   * @throws IOException if reading fails
   */
  static long truncatedAfter(Source in, long size) throws IOException {
    byte[] h = new byte[10];
    long pos = 0;
    if (in.read(0, h) == 10 && h[0] == 'I' && h[1] == 'D' && h[2] == '3') { // ID3v2: a syncsafe size
      pos = 10 + ((h[6] & 0x7F) << 21 | (h[7] & 0x7F) << 14 | (h[8] & 0x7F) << 7 | (h[9] & 0x7F));
      if ((h[5] & 0x10) != 0) {
        pos += 10; // footer
      }
    }
    long frames = 0;
    byte[] head = new byte[4];
    while (pos < size) {
      int got = in.read(pos, head);
      if (got < 4) {
        return frames > 0 ? frames : -1; // a few stray bytes after the last frame
      }
      if (head[0] == 'T' && head[1] == 'A' && head[2] == 'G' && size - pos == 128) {
        return -1; // ID3v1 at the end
      }
      int length = frameLength(head);
      if (length <= 0) {
        return -1; // not a frame this walker knows: leave it to the decoder
      }
      if (pos + length > size) {
        return frames;
      }
      pos += length;
      frames++;
    }
    return -1;
  }

  /** A layer III frame's length in bytes from its header, or -1 when these 4 bytes are no such header. */
  static int frameLength(byte[] b) {
    if ((b[0] & 0xFF) != 0xFF || (b[1] & 0xE0) != 0xE0) {
      return -1;
    }
    int version = (b[1] >> 3) & 3;
    int layer = (b[1] >> 1) & 3;
    int bitrateIndex = (b[2] >> 4) & 15;
    int rateIndex = (b[2] >> 2) & 3;
    int padding = (b[2] >> 1) & 1;
    if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return -1; // reserved values, free format, or not layer III
    }
    int kbps = (version == 3 ? BITRATE_V1 : BITRATE_V2)[bitrateIndex];
    int rate = RATES[version][rateIndex];
    return (version == 3 ? 144_000 : 72_000) * kbps / rate + padding;
  }
}
