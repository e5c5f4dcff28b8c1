package io.embedkit.text.bench;

import io.embedkit.text.TextEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A native-memory soak, outside {@code mvn verify}: {@code encode} called N times (default 100,000) from T
 * threads (default 2) on the embedded MiniLM, printing the process's resident memory as it goes. Run with
 * {@code bench/text-soak.sh}.
 */
public final class EncodeSoak {
  private EncodeSoak() {}

  static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    try (TextEncoder encoder = TextEncoder.minilm()) {
      encoder.encode(texts.get(0));
      System.gc();
      System.out.printf("start: RSS %d MiB (after loading the model and one encode)%n", rssKb() / 1024);
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            encoder.encode(texts.get(i % texts.size()));
            if ((i + 1) % 10_000 == 0) {
              try {
                System.out.printf("%7d encodes: RSS %d MiB, %.0f s%n", i + 1, rssKb() / 1024,
                    (System.nanoTime() - t0) / 1e9);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      System.gc();
      System.out.printf("end: %d encodes from %d threads in %.0f s, RSS %d MiB%n", total, threads,
          (System.nanoTime() - t0) / 1e9, rssKb() / 1024);
    }
  }
}
