package io.embedkit.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Audio decoded, mixed and resampled in blocks (bounded memory) gives exactly what decoding the whole file,
 * mixing and resampling it gives; truncated compressed files are refused as truncated WAV files are.
 */
class StreamingAudioTest {
  @TempDir Path tmp;

  @Test
  void aStreamedResamplingEqualsTheWholeOneForAnyBlockSizes() {
    Random r = new Random(5);
    int[][] rates = {{44100, 16000}, {48000, 16000}, {22050, 16000}, {8000, 16000}, {16000, 16000}, {7, 3}, {3, 7},
        {16000, 16001}, {11025, 16000}};
    for (int[] rate : rates) {
      for (int n : new int[] {1, 37, 2001, 20_003}) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = (float) r.nextGaussian();
        }
        Resampler resampler = Resampler.of(rate[0], rate[1]);
        float[] whole = resampler.apply(x);
        for (int block : new int[] {1, 7, 1000, 65536}) {
          if (block < 1000 && n > 3000) {
            continue;
          }
          // unknown length, the length expected, and a header that says too little or too much
          for (long expected : new long[] {0, n, n / 2, n * 3L + 1}) {
            Resampler.Stream s = expected == 0 ? resampler.stream() : resampler.stream(expected);
            for (int from = 0; from < n; from += block) {
              int len = Math.min(block, n - from);
              s.push(Arrays.copyOfRange(x, from, from + len), len);
            }
            assertThat(s.finish()).as("%d -> %d Hz, %d samples (%d expected) in blocks of %d", rate[0], rate[1], n,
                expected, block).containsExactly(whole);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"speech_22k.wav", "speech_44k_stereo.wav", "speech_48k_24bit.wav", "speech_32k_3ch.wav",
      "speech_11k_8bit.wav", "speech_16k_float.wav", "noise_48k_f64.wav", "speech_48k_24bit.flac", "speech_44k.aiff",
      "speech_22k.mp3", "speech_8k.wav"})
  void decodingInBlocksEqualsDecodingWhole(String name) {
    Path file = AudioFixtures.audio(name);
    AudioClip whole = AudioDecoder.decode(file);
    float[] want = Resampler.of(whole.sampleRate(), 16000).apply(whole.downmix());
    AudioClip streamed = AudioDecoder.decodeMono(file, 16000);
    assertThat(streamed.sampleRate()).isEqualTo(16000);
    assertThat(streamed.channelCount()).isEqualTo(1);
    assertThat(streamed.channels()[0]).containsExactly(want);
  }

  @ParameterizedTest
  @ValueSource(strings = {"speech_48k_24bit.flac", "speech_22k.mp3"})
  void aTruncatedCompressedFileIsRefused(String name) throws IOException {
    byte[] full = Files.readAllBytes(AudioFixtures.audio(name));
    Path half = Files.write(tmp.resolve("half-" + name), Arrays.copyOf(full, full.length / 2 + 37));
    assertThatThrownBy(() -> AudioDecoder.decodeMono(half, 16000))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(half.toString()).hasMessageContaining("truncated");
    assertThatThrownBy(() -> AudioDecoder.decode(half))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void badFilesGiveTheSameMessagesAsBefore() {
    for (String bad : List.of("bad_truncated.wav", "bad_header.wav", "bad_empty.wav", "bad_rate0.wav", "bad_nan.wav")) {
      Path file = AudioFixtures.audio(bad);
      String whole = message(() -> AudioDecoder.decode(file));
      String streamed = message(() -> AudioDecoder.decodeMono(file, 16000));
      assertThat(streamed).as(bad).isEqualTo(whole);
    }
  }

  private static String message(Runnable r) {
    try {
      r.run();
      return "no error";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
