package io.embedkit.core.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection by SIGKILL: runs a child JVM (a class's {@code main} on this class path) that reports on its
 * standard output {@code started N} once it has loaded what it saved before and {@code saved N} after every
 * completed save, kills it after a delay, and returns what it reported.
 */
public final class KillLoop {
  private KillLoop() {}

  /**
   * What a killed child reported.
   *
   * @param started the count it loaded at start, or -1 if it did not report one
   * @param saved the count of its last reported save, or -1 if none
   */
  public record Round(long started, long saved) {}

  /**
   * Runs a child and kills it.
   *
   * @param main the class whose {@code main} the child runs
   * @param delayMillis how long it runs before the SIGKILL
   * @param args its arguments
   * @return what it reported
   * @throws Exception if the child cannot be started or does not die
   */
  public static Round run(Class<?> main, long delayMillis, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    AtomicLong saved = new AtomicLong(-1);
    AtomicLong started = new AtomicLong(-1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("saved ")) {
            saved.set(Long.parseLong(line.substring(6)));
          } else if (line.startsWith("started ")) {
            started.set(Long.parseLong(line.substring(8)));
          }
        }
      } catch (java.io.IOException ignored) {
        // the child is gone
      }
    });
    reader.start();
    Thread.sleep(delayMillis);
    p.destroyForcibly(); // SIGKILL
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child did not die");
    }
    reader.join(10_000);
    return new Round(started.get(), saved.get());
  }
}
