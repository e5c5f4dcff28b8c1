package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import io.embedkit.runtime.Inputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes audio files to {@link AudioClip}s with the values {@code torchaudio.load} gives: integers scaled
 * to [-1, 1) by their full range (8-bit is unsigned, offset by 128), floats as stored.
 *
 * <p>WAV is parsed here (PCM 8/16/24/32-bit, IEEE float 32/64, {@code WAVE_FORMAT_EXTENSIBLE}, any rate and
 * channel count) so that every fault has its own message; AIFF, FLAC (jflac) and MP3 (mp3spi) go through
 * {@code javax.sound.sampled}. MP3 decoders differ in their start delay, so an MP3 clip may be a few hundred
 * samples longer or shorter than torchaudio's. Thread-safe.
 */
public final class AudioDecoder {
  private static final int PCM = 1;
  private static final int IEEE_FLOAT = 3;
  private static final int EXTENSIBLE = 0xFFFE;

  /** The longest clip accepted, in samples per channel (an hour at 48 kHz): larger headers are refused. */
  public static final long MAX_SAMPLES = 3600L * 48_000;

  private AudioDecoder() {}

  /**
   * Decodes an audio file.
   *
   * @param file the file
   * @return the clip
   * @throws InvalidInputException if the file is missing, empty, truncated or corrupt
   * @throws UnsupportedFormatException for encodings and containers embedkit cannot decode
   */
  public static AudioClip decode(Path file) {
    return decode(Inputs.read(file, "audio"), file.toString());
  }

  /**
   * Decodes audio from a stream, read to its end; the stream is not closed.
   *
   * @param in the stream
   * @param name what to call the input in messages
   * @return the clip
   */
  public static AudioClip decode(InputStream in, String name) {
    return decode(Inputs.read(in, name), name);
  }

  /**
   * Decodes audio held in memory.
   *
   * @param bytes the file's bytes
   * @param name what to call the input in messages
   * @return the clip
   */
  public static AudioClip decode(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw new InvalidInputException(name + ": empty file, not audio");
    }
    if (bytes.length >= 12 && tag(bytes, 0).equals("RIFF") && tag(bytes, 8).equals("WAVE")) {
      return wav(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), name);
    }
    if (bytes.length >= 4 && (tag(bytes, 0).equals("RIFF") || tag(bytes, 0).equals("RIFX") || tag(bytes, 0).equals("RF64"))) {
      throw new UnsupportedFormatException(name + ": a " + tag(bytes, 0) + " file that is not little-endian WAVE");
    }
    return viaJavaSound(bytes, name);
  }

  private static String tag(byte[] b, int at) {
    return new String(b, at, Math.min(4, b.length - at), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static AudioClip wav(ByteBuffer b, String name) {
    b.position(12);
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int blockAlign = 0;
    while (b.remaining() >= 8) {
      byte[] id = new byte[4];
      b.get(id);
      String chunk = new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
      long size = b.getInt() & 0xFFFF_FFFFL;
      if (chunk.equals("fmt ")) {
        if (size < 16 || size > b.remaining()) {
          throw new InvalidInputException(name + ": WAV fmt chunk of " + size + " bytes, " + b.remaining()
              + " left in the file: corrupt or truncated header");
        }
        int start = b.position();
        format = b.getShort() & 0xFFFF;
        channels = b.getShort() & 0xFFFF;
        rate = b.getInt();
        b.getInt(); // byte rate: derived, not trusted
        blockAlign = b.getShort() & 0xFFFF;
        bits = b.getShort() & 0xFFFF;
        if (format == EXTENSIBLE) {
          if (size < 40) {
            throw new InvalidInputException(name + ": WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                + " bytes, expected 40: corrupt header");
          }
          b.getShort(); // extension size
          int validBits = b.getShort() & 0xFFFF;
          b.getInt(); // channel mask
          format = b.getShort() & 0xFFFF; // the sub-format GUID starts with the format code
          if (validBits != 0 && validBits != bits) {
            throw new UnsupportedFormatException(name + ": WAV with " + validBits + " valid bits in " + bits
                + "-bit containers is not supported");
          }
        }
        b.position(start + (int) size + (int) (size & 1));
      } else if (chunk.equals("data")) {
        if (format < 0) {
          throw new InvalidInputException(name + ": WAV data chunk before any fmt chunk: corrupt header");
        }
        return samples(b, name, format, channels, rate, bits, blockAlign, size);
      } else {
        long skip = size + (size & 1);
        if (skip > b.remaining()) {
          throw new InvalidInputException(name + ": WAV chunk '" + chunk.trim() + "' declares " + size + " bytes, "
              + b.remaining() + " left: corrupt or truncated file");
        }
        b.position(b.position() + (int) skip);
      }
    }
    throw new InvalidInputException(name + ": WAV file without " + (format < 0 ? "a fmt" : "a data") + " chunk:"
        + " corrupt or truncated");
  }

  private static AudioClip samples(ByteBuffer b, String name, int format, int channels, int rate, int bits,
      int blockAlign, long declared) {
    if (format != PCM && format != IEEE_FLOAT) {
      throw new UnsupportedFormatException(name + ": WAV encoding 0x" + Integer.toHexString(format)
          + " is not supported: PCM and IEEE float only");
    }
    if (channels <= 0) {
      throw new InvalidInputException(name + ": WAV header declares " + channels + " channels");
    }
    if (rate <= 0 || rate > AudioClip.MAX_SAMPLE_RATE) {
      throw new InvalidInputException(name + ": WAV header declares a sample rate of " + Integer.toUnsignedString(rate)
          + " Hz; expected 1 to " + AudioClip.MAX_SAMPLE_RATE);
    }
    boolean ok = format == PCM ? bits == 8 || bits == 16 || bits == 24 || bits == 32 : bits == 32 || bits == 64;
    if (!ok) {
      throw new UnsupportedFormatException(name + ": " + bits + "-bit " + (format == PCM ? "PCM" : "float")
          + " WAV is not supported: PCM 8/16/24/32-bit and float 32/64-bit are");
    }
    int width = bits / 8;
    if (blockAlign != width * channels) {
      throw new InvalidInputException(name + ": WAV block align " + blockAlign + " disagrees with " + channels
          + " channels of " + bits + " bits: corrupt header");
    }
    long available = b.remaining();
    if (declared > available) {
      throw new InvalidInputException(name + ": WAV data chunk declares " + declared + " bytes but the file holds "
          + available + ": truncated");
    }
    long frames = declared / blockAlign;
    if (frames == 0) {
      throw new InvalidInputException(name + ": WAV file holds no samples");
    }
    if (frames > MAX_SAMPLES) {
      throw new InvalidInputException(name + ": WAV file holds " + frames + " samples per channel, above the limit of "
          + MAX_SAMPLES);
    }
    int n = (int) frames;
    float[][] out = new float[channels][n];
    int base = b.position();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        int p = base + (i * channels + c) * width;
        out[c][i] = sample(b, p, format, bits, name, i, c);
      }
    }
    return new AudioClip(out, rate);
  }

  private static float sample(ByteBuffer b, int p, int format, int bits, String name, int i, int c) {
    if (format == IEEE_FLOAT) {
      double v = bits == 32 ? b.getFloat(p) : b.getDouble(p);
      if (!Double.isFinite(v)) {
        throw new InvalidInputException(name + ": sample " + i + " of channel " + c + " is " + v
            + ": audio samples must be finite");
      }
      return (float) v;
    }
    switch (bits) {
      case 8:
        return ((b.get(p) & 0xFF) - 128) / 128f;
      case 16:
        return b.getShort(p) / 32768f;
      case 24: {
        int v = (b.get(p) & 0xFF) | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) << 16;
        return (float) (v / 8388608.0);
      }
      default:
        return (float) (b.getInt(p) / 2147483648.0);
    }
  }

  private static AudioClip viaJavaSound(byte[] bytes, String name) {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
      AudioFormat f = in.getFormat();
      int channels = f.getChannels();
      int rate = Math.round(f.getSampleRate());
      boolean direct = f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED) || f.getEncoding()
          .equals(AudioFormat.Encoding.PCM_UNSIGNED);
      // compressed input becomes PCM of its own depth (FLAC keeps 24 bits), or 16 bits when it has none (MP3)
      int bits = direct ? f.getSampleSizeInBits() : f.getSampleSizeInBits() > 0 ? f.getSampleSizeInBits() : 16;
      AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), bits, channels,
          bits / 8 * channels, f.getSampleRate(), false);
      AudioInputStream src = direct ? in : AudioSystem.getAudioInputStream(pcm, in);
      AudioFormat sf = src.getFormat();
      byte[] data = src.readAllBytes();
      int width = sf.getFrameSize() / channels;
      if (width <= 0 || channels <= 0) {
        throw new InvalidInputException(name + ": audio header declares " + channels + " channels of "
            + sf.getSampleSizeInBits() + " bits");
      }
      long declared = in.getFrameLength();
      int n = data.length / (width * channels);
      if (declared > 0 && declared != AudioSystem.NOT_SPECIFIED && n < declared && direct) {
        throw new InvalidInputException(name + ": audio data declares " + declared + " frames but the file holds "
            + n + ": truncated");
      }
      if (n == 0) {
        throw new InvalidInputException(name + ": audio file holds no samples");
      }
      ByteBuffer b = ByteBuffer.wrap(data).order(sf.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      boolean unsigned = sf.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED);
      float[][] out = new float[channels][n];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          int p = (i * channels + c) * width;
          out[c][i] = javaSoundSample(b, p, bits, unsigned, sf.isBigEndian());
        }
      }
      return new AudioClip(out, rate);
    } catch (UnsupportedAudioFileException e) {
      throw new UnsupportedFormatException(name + ": not a WAV, AIFF, FLAC or MP3 file");
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFormatException(name + ": its encoding cannot be converted to PCM: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException(name + ": corrupt or truncated audio: " + e.getMessage(), e);
    }
  }

  private static float javaSoundSample(ByteBuffer b, int p, int bits, boolean unsigned, boolean bigEndian) {
    switch (bits) {
      case 8:
        return unsigned ? ((b.get(p) & 0xFF) - 128) / 128f : b.get(p) / 128f;
      case 16:
        return b.getShort(p) / 32768f;
      case 24: {
        int v = bigEndian ? b.get(p) << 16 | (b.get(p + 1) & 0xFF) << 8 | (b.get(p + 2) & 0xFF)
            : (b.get(p) & 0xFF) | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) << 16;
        return (float) (v / 8388608.0);
      }
      case 32:
        return (float) (b.getInt(p) / 2147483648.0);
      default:
        throw new UnsupportedFormatException(bits + "-bit samples are not supported");
    }
  }
}
