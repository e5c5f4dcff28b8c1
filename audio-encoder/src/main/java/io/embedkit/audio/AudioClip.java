package io.embedkit.audio;

import io.embedkit.core.InvalidInputException;

/**
 * A piece of audio: float samples in [-1, 1] (as {@code torchaudio.load} gives them), one array per channel,
 * and the sample rate. Immutable by convention: the arrays must not be modified.
 *
 * @param channels the samples, {@code channels[c][i]} is sample {@code i} of channel {@code c}; all of one length
 * @param sampleRate samples per second, positive
 */
public record AudioClip(float[][] channels, int sampleRate) {
  /** The highest sample rate accepted; above it a header is taken to be corrupt. */
  public static final int MAX_SAMPLE_RATE = 768_000;

  /** Validates the clip: at least one channel, equal lengths, finite samples, a plausible rate. */
  public AudioClip {
    if (channels == null || channels.length == 0) {
      throw new InvalidInputException("an audio clip needs at least one channel");
    }
    if (sampleRate <= 0 || sampleRate > MAX_SAMPLE_RATE) {
      throw new InvalidInputException("sample rate must be between 1 and " + MAX_SAMPLE_RATE + " Hz, was "
          + sampleRate);
    }
    int n = channels[0].length;
    for (int c = 0; c < channels.length; c++) {
      if (channels[c].length != n) {
        throw new InvalidInputException("channel " + c + " has " + channels[c].length + " samples, channel 0 has "
            + n);
      }
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(channels[c][i])) {
          throw new InvalidInputException("sample " + i + " of channel " + c + " is " + channels[c][i]
              + ": audio samples must be finite");
        }
      }
    }
  }

  /**
   * Returns a one-channel clip.
   *
   * @param samples the samples
   * @param sampleRate the rate in Hz
   * @return the clip
   */
  public static AudioClip mono(float[] samples, int sampleRate) {
    return new AudioClip(new float[][] {samples}, sampleRate);
  }

  /**
   * Returns the number of samples per channel.
   *
   * @return the length
   */
  public int length() {
    return channels[0].length;
  }

  /**
   * Returns the number of channels.
   *
   * @return the channel count
   */
  public int channelCount() {
    return channels.length;
  }

  /**
   * Returns the duration.
   *
   * @return seconds
   */
  public double seconds() {
    return length() / (double) sampleRate;
  }

  /**
   * Returns the mean of the channels, as a new array (the clip's own when it has one channel).
   *
   * @return the mono samples
   */
  public float[] downmix() {
    if (channels.length == 1) {
      return channels[0];
    }
    int n = length();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      float s = 0;
      for (float[] ch : channels) {
        s += ch[i];
      }
      out[i] = s / channels.length; // as torch.mean over the channel axis, in float
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioClip a && sampleRate == a.sampleRate && java.util.Arrays.deepEquals(channels, a.channels);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.deepHashCode(channels) + sampleRate;
  }

  @Override
  public String toString() {
    return "AudioClip[" + channels.length + " channel(s), " + length() + " samples at " + sampleRate + " Hz]";
  }
}
