package io.embedkit.audio.bench;

import io.embedkit.audio.Resampler;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Resampling speed, one thread: SECONDS of 44.1 kHz noise to 16 kHz, REPEAT timed runs after warm-up; prints the
 * median as a JSON line (bench/audio-bench.sh compares it with torchaudio in the same run).
 */
public final class ResampleBench {
  private ResampleBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    float[] x = new float[44100 * seconds];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    Resampler rs = Resampler.of(44100, 16000);
    for (int i = 0; i < 3; i++) {
      rs.apply(x);
    }
    double[] t = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      rs.apply(x);
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(t);
    double s = t[repeat / 2];
    String impl = "embedkit, " + io.embedkit.core.vector.Kernels.get().name() + " kernels";
    System.out.printf(java.util.Locale.ROOT, "{\"impl\": \"%s\", \"audioSeconds\": %d, \"seconds\": %.4f,"
        + " \"realTime\": %.1f}%n", impl, seconds, s, seconds / s);
  }
}
