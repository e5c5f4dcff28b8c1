package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.UnsupportedFormatException;
import io.embedkit.runtime.Inputs;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
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
      return wav(bytes, name);
    }
    if (bytes.length >= 4 && (tag(bytes, 0).equals("RIFF") || tag(bytes, 0).equals("RIFX") || tag(bytes, 0).equals("RF64"))) {
      throw new UnsupportedFormatException(name + ": a " + tag(bytes, 0) + " file that is not little-endian WAVE");
    }
    return viaJavaSound(bytes, name);
  }

  private static String tag(byte[] b, int at) {
    return new String(b, at, Math.min(4, b.length - at), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** A WAV file's format and where its samples are. */
  private record WavHeader(int format, int channels, int rate, int bits, int blockAlign, long frames,
      long dataOffset) {}

  /** Reads a WAV header up to the start of its samples, checking it against the file's size. */
  private static WavHeader wavHeader(InputStream in, long fileSize, String name) throws IOException {
    long pos = in.skip(12);
    if (pos != 12) {
      throw new InvalidInputException(name + ": WAV file of " + fileSize + " bytes: truncated header");
    }
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int blockAlign = 0;
    while (fileSize - pos >= 8) {
      ByteBuffer h = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN);
      pos += 8;
      String chunk = new String(h.array(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      long size = h.getInt(4) & 0xFFFF_FFFFL;
      long remaining = fileSize - pos;
      if (chunk.equals("fmt ")) {
        if (size < 16 || size > remaining) {
          throw new InvalidInputException(name + ": WAV fmt chunk of " + size + " bytes, " + remaining
              + " left in the file: corrupt or truncated header");
        }
        ByteBuffer b = ByteBuffer.wrap(in.readNBytes((int) size)).order(ByteOrder.LITTLE_ENDIAN);
        pos += size;
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
        if ((size & 1) == 1 && remaining > size) {
          in.skipNBytes(1);
          pos++;
        }
      } else if (chunk.equals("data")) {
        if (format < 0) {
          throw new InvalidInputException(name + ": WAV data chunk before any fmt chunk: corrupt header");
        }
        long frames = checkSamples(name, format, channels, rate, bits, blockAlign, size, remaining);
        return new WavHeader(format, channels, rate, bits, blockAlign, frames, pos);
      } else {
        long skip = size + (size & 1);
        if (skip > remaining) {
          throw new InvalidInputException(name + ": WAV chunk '" + chunk.trim() + "' declares " + size + " bytes, "
              + remaining + " left: corrupt or truncated file");
        }
        in.skipNBytes(skip);
        pos += skip;
      }
    }
    throw new InvalidInputException(name + ": WAV file without " + (format < 0 ? "a fmt" : "a data") + " chunk:"
        + " corrupt or truncated");
  }

  /** Checks a WAV data chunk's format and size; returns its frame count. */
  private static long checkSamples(String name, int format, int channels, int rate, int bits, int blockAlign,
      long declared, long available) {
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
    return frames;
  }

  private static AudioClip wav(byte[] bytes, String name) {
    WavHeader h;
    try {
      h = wavHeader(new ByteArrayInputStream(bytes), bytes.length, name);
    } catch (IOException e) {
      throw new InvalidInputException(name + ": corrupt or truncated audio: " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) h.frames();
    int width = h.bits() / 8;
    float[][] out = new float[h.channels()][n];
    int base = (int) h.dataOffset();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < h.channels(); c++) {
        int p = base + (i * h.channels() + c) * width;
        out[c][i] = sample(b, p, h.format(), h.bits(), name, i, c);
      }
    }
    return new AudioClip(out, h.rate());
  }

  /**
   * Decodes an audio file to one channel (the channels' mean, as {@link AudioClip#downmix}) at a sample rate,
   * reading, mixing and resampling it in blocks: memory holds the result and a few blocks, not the file or its
   * channels. The samples equal {@code Resampler.of(rate0, rate).apply(decode(file).downmix())}.
   *
   * @param file the file
   * @param rate the sample rate wanted
   * @return a mono clip at {@code rate}
   * @throws InvalidInputException if the file is missing, empty, truncated or corrupt
   * @throws UnsupportedFormatException for encodings and containers embedkit cannot decode
   */
  public static AudioClip decodeMono(Path file, int rate) {
    String name = file.toString();
    long size;
    try {
      size = Files.size(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException(name + ": no such audio file", e);
    } catch (IOException e) {
      throw new InvalidInputException(name + ": cannot be read: " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new InvalidInputException(name + ": empty file, not audio");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      in.mark(16);
      byte[] head = in.readNBytes(12);
      in.reset();
      if (head.length >= 12 && tag(head, 0).equals("RIFF") && tag(head, 8).equals("WAVE")) {
        WavHeader h = wavHeader(in, size, name);
        // the output sized once from the header's length, as far as the file can hold it
        MonoSink sink = new MonoSink(h.channels(), h.rate(), rate, Math.min(h.frames(), size / h.blockAlign()));
        int width = h.bits() / 8;
        int framesPerBlock = Math.max(1, (1 << 16) / h.blockAlign());
        for (long done = 0; done < h.frames(); ) {
          int frames = (int) Math.min(framesPerBlock, h.frames() - done);
          byte[] block = in.readNBytes(frames * h.blockAlign());
          if (block.length < frames * h.blockAlign()) {
            throw new InvalidInputException(name + ": WAV data ends after " + (done + block.length / h.blockAlign())
                + " of " + h.frames() + " frames: truncated");
          }
          ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < frames; i++) {
            for (int c = 0; c < h.channels(); c++) {
              sink.add(sample(b, (i * h.channels() + c) * width, h.format(), h.bits(), name, (int) (done + i), c));
            }
          }
          done += frames;
        }
        return sink.finish();
      }
      if (head.length >= 4 && (tag(head, 0).equals("RIFF") || tag(head, 0).equals("RIFX")
          || tag(head, 0).equals("RF64"))) {
        throw new UnsupportedFormatException(name + ": a " + tag(head, 0) + " file that is not little-endian WAVE");
      }
      long fileFrames; // FLAC's STREAMINFO total, AIFF's count; read through a stream of its own
      try (InputStream header = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        fileFrames = AudioSystem.getAudioFileFormat(header).getFrameLength();
      } catch (UnsupportedAudioFileException e) {
        throw new UnsupportedFormatException(name + ": not a WAV, AIFF, FLAC or MP3 file");
      }
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
        return javaSoundMono(in, name, rate, (position, into) -> Math.max(0, ch.read(ByteBuffer.wrap(into), position)),
            size, fileFrames);
      }
    } catch (IOException e) {
      throw new InvalidInputException(name + ": corrupt or truncated audio: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /** Mixes interleaved samples to one channel and resamples it as they come. */
  private static final class MonoSink {
    private final int channels;
    private final Resampler.Stream stream;
    private final float[] block = new float[1 << 14];
    private int filled;
    private int channel;
    private float sum;
    private long frames;

    MonoSink(int channels, int from, int to, long expectedFrames) {
      this.channels = channels;
      this.stream = Resampler.of(from, to).stream(Math.max(0, expectedFrames));
    }

    void add(float v) {
      sum += v; // in channel order, in float, as AudioClip.downmix
      if (++channel == channels) {
        block[filled++] = channels == 1 ? sum : sum / channels;
        channel = 0;
        sum = 0;
        frames++;
        if (filled == block.length) {
          stream.push(block, filled);
          filled = 0;
        }
      }
    }

    long frames() {
      return frames;
    }

    AudioClip finish() {
      stream.push(block, filled);
      filled = 0;
      return new AudioClip(new float[][] {stream.finish()}, stream.rate());
    }
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

  /** The stream as PCM: compressed input of its own depth (FLAC keeps 24 bits), or 16 bits when it has none (MP3). */
  private static AudioInputStream pcm(AudioInputStream in) {
    AudioFormat f = in.getFormat();
    if (f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED)
        || f.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
      return in;
    }
    int bits = f.getSampleSizeInBits() > 0 ? f.getSampleSizeInBits() : 16;
    AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), bits, f.getChannels(),
        bits / 8 * f.getChannels(), f.getSampleRate(), false);
    return AudioSystem.getAudioInputStream(pcm, in);
  }

  private static AudioClip viaJavaSound(byte[] bytes, String name) {
    long fileFrames;
    try {
      fileFrames = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(bytes)).getFrameLength();
    } catch (UnsupportedAudioFileException | IOException e) {
      fileFrames = -1; // reported below
    }
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
      checkMp3(in.getFormat(), (position, into) -> {
        int n = (int) Math.max(0, Math.min(into.length, bytes.length - position));
        System.arraycopy(bytes, (int) Math.min(position, bytes.length), into, 0, n);
        return n;
      }, bytes.length, name);
      AudioFormat f = in.getFormat();
      int channels = f.getChannels();
      int rate = Math.round(f.getSampleRate());
      AudioInputStream src = pcm(in);
      AudioFormat sf = src.getFormat();
      int bits = sf.getSampleSizeInBits();
      byte[] data = src.readAllBytes();
      int width = sf.getFrameSize() / channels;
      if (width <= 0 || channels <= 0) {
        throw new InvalidInputException(name + ": audio header declares " + channels + " channels of "
            + sf.getSampleSizeInBits() + " bits");
      }
      long declared = declaredFrames(in, f, fileFrames);
      int n = data.length / (width * channels);
      if (declared > 0 && n < declared) {
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
      throw new InvalidInputException(name + ": corrupt or truncated audio: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /** AIFF, FLAC and MP3 through javax.sound, one block of PCM at a time, mixed and resampled as it comes. */
  private static AudioClip javaSoundMono(InputStream raw, String name, int rate, Mp3Frames.Source bytes, long size,
      long fileFrames) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
      checkMp3(in.getFormat(), bytes, size, name);
      AudioFormat f = in.getFormat();
      int channels = f.getChannels();
      int srcRate = Math.round(f.getSampleRate());
      AudioInputStream src = pcm(in);
      AudioFormat sf = src.getFormat();
      int bits = sf.getSampleSizeInBits();
      int frameSize = sf.getFrameSize();
      int width = channels <= 0 ? 0 : frameSize / channels;
      if (width <= 0 || channels <= 0) {
        throw new InvalidInputException(name + ": audio header declares " + channels + " channels of "
            + sf.getSampleSizeInBits() + " bits");
      }
      if (srcRate <= 0 || srcRate > AudioClip.MAX_SAMPLE_RATE) {
        throw new InvalidInputException(name + ": audio header declares a sample rate of " + srcRate + " Hz");
      }
      boolean unsigned = sf.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED);
      MonoSink sink = new MonoSink(channels, srcRate, rate, Math.min(fileFrames, MAX_SAMPLES)); // FLAC, AIFF say
      byte[] buf = new byte[frameSize * 4096];
      ByteBuffer b = ByteBuffer.wrap(buf).order(sf.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      int filled = 0;
      int r;
      while ((r = src.read(buf, filled, buf.length - filled)) >= 0) {
        filled += r;
        int whole = filled / frameSize;
        for (int i = 0; i < whole; i++) {
          for (int c = 0; c < channels; c++) {
            sink.add(javaSoundSample(b, i * frameSize + c * width, bits, unsigned, sf.isBigEndian()));
          }
        }
        int rest = filled - whole * frameSize;
        System.arraycopy(buf, whole * frameSize, buf, 0, rest);
        filled = rest;
        if (sink.frames() > MAX_SAMPLES) {
          throw new InvalidInputException(name + ": audio file holds more than " + MAX_SAMPLES
              + " samples per channel, the limit");
        }
      }
      long declared = declaredFrames(in, f, fileFrames);
      if (declared > 0 && sink.frames() < declared) {
        throw new InvalidInputException(name + ": audio data declares " + declared + " frames but the file holds "
            + sink.frames() + ": truncated");
      }
      if (sink.frames() == 0) {
        throw new InvalidInputException(name + ": audio file holds no samples");
      }
      return sink.finish();
    } catch (UnsupportedAudioFileException e) {
      throw new UnsupportedFormatException(name + ": not a WAV, AIFF, FLAC or MP3 file");
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFormatException(name + ": its encoding cannot be converted to PCM: " + e.getMessage());
    }
  }

  /**
   * The sample frames a header declares, or -1 when it does not say: PCM's frame count, FLAC's total samples
   * (from the file format); MP3 frames are the codec's, not samples.
   */
  private static long declaredFrames(AudioInputStream in, AudioFormat f, long fileFrames) {
    if (f.getEncoding().toString().startsWith("MPEG")) {
      return -1;
    }
    long n = in.getFrameLength();
    if (n > 0 && n != AudioSystem.NOT_SPECIFIED && Math.abs(f.getFrameRate() - f.getSampleRate()) < 1e-3) {
      return n;
    }
    return fileFrames > 0 && fileFrames != AudioSystem.NOT_SPECIFIED ? fileFrames : -1;
  }

  /** Refuses an MP3 stream that ends inside a frame (its decoder drops the part silently). */
  private static void checkMp3(AudioFormat f, Mp3Frames.Source bytes, long size, String name) throws IOException {
    if (!f.getEncoding().toString().startsWith("MPEG")) {
      return;
    }
    long whole = Mp3Frames.truncatedAfter(bytes, size);
    if (whole >= 0) {
      throw new InvalidInputException(name + ": MP3 stream ends inside frame " + (whole + 1) + " after " + whole
          + " whole frames: truncated");
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
