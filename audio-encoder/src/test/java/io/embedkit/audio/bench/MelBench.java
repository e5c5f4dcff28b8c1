package io.embedkit.audio.bench;

import io.embedkit.audio.MelSpectrogram;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Log-mel extraction speed, one thread: SECONDS of 16 kHz noise, n_fft 400, hop 160, 64 mels (HTK); REPEAT timed
 * runs after warm-up; prints the median as a JSON line (bench/audio-bench.sh compares it with torchaudio).
 */
public final class MelBench {
  private MelBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    float[] x = new float[16000 * seconds];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    MelSpectrogram mel = MelSpectrogram.of(new MelSpectrogram.Config(16000, 400, 400, 160, 64, 0, 0,
        MelSpectrogram.Scale.HTK, false));
    for (int i = 0; i < 3; i++) {
      log(mel.apply(x));
    }
    double[] t = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      log(mel.apply(x));
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(t);
    double s = t[repeat / 2];
    System.out.printf(java.util.Locale.ROOT, "{\"impl\": \"embedkit\", \"audioSeconds\": %d, \"seconds\": %.4f,"
        + " \"realTime\": %.1f}%n", seconds, s, seconds / s);
  }

  private static void log(float[][] m) {
    for (float[] row : m) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) Math.log(row[i] + 1e-6);
      }
    }
  }
}
