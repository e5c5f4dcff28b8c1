package io.embedkit.server.bench;

import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.Encoders;
import io.embedkit.server.EmbeddingServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/serve-bench.sh: MiniLM in process (encodeAll throughput, single encode latency) against the server
 * on loopback with 1, 8 and 64 concurrent clients sending one sentence per request, in one run. Prints one
 * JSON line per case. Arguments: the sentences file, seconds per case.
 */
public final class ServeBench {
  private ServeBench() {}

  public static void main(String[] args) throws Exception {
    List<String> sentences = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).toList();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int batch = Integer.getInteger("bench.batch", 32);
    EncoderOptions options = EncoderOptions.DEFAULTS.withBatchSize(batch)
        .withThreads(Integer.getInteger("bench.threads", 0));
    for (int b : batch == 32 ? new int[] {32} : new int[] {32, batch}) {
      inProcess(sentences, EncoderOptions.DEFAULTS.withBatchSize(b), b);
    }
    int workers = Integer.getInteger("bench.workers", 1);
    try (EmbeddingServer server = EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class,
        options)).workers(workers).port(0).build().start()) {
      System.out.printf(Locale.ROOT, "{\"case\": \"server\", \"batch\": %d, \"workers\": %d, \"threads\": %d,"
          + " \"client\": \"%s\"}%n", batch, workers, options.threads(), wrk() ? "wrk" : "java.net.http");
      HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
      URI uri = URI.create(server.baseUrl() + "/embeddings");
      long[] floor = new long[2000]; // the HTTP round trip alone: GET /health, one client
      URI health = URI.create(server.baseUrl().replace("/v1", "/health"));
      for (int i = 0; i < floor.length; i++) {
        long t = System.nanoTime();
        http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        floor[i] = System.nanoTime() - t;
      }
      Arrays.sort(floor);
      System.out.printf(Locale.ROOT, "{\"case\": \"http-floor\", \"healthP50Ms\": %.3f}%n", floor[1000] / 1e6);
      int[] clientCounts = Arrays.stream(System.getProperty("bench.clients", "1,8,64").split(","))
          .mapToInt(Integer::parseInt).toArray();
      for (int clients : clientCounts) {
        if (wrk()) { // a load generator in C: the JDK's client costs the 2 cores as much as the server
          wrk(uri, Path.of(args[0]), clients, 2); // warm-up
          wrk(uri, Path.of(args[0]), clients, seconds);
        } else {
          run(http, uri, sentences, clients, 2);
          run(http, uri, sentences, clients, seconds);
        }
      }
      if (Boolean.getBoolean("bench.metrics")) {
        String m = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/metrics"))).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        m.lines().filter(l -> l.startsWith("embedkit_batch_size")).forEach(System.out::println);
      }
    }
    System.exit(0);
  }

  private static void inProcess(List<String> sentences, EncoderOptions options, int batch) {
    try (Encoder<String> reference = Encoders.open("minilm", String.class, options)) {
      // in process: encodeAll over batches of 32 (the library's default), and one sentence at a time
      List<String> warm = sentences.subList(0, 256);
      reference.encodeAll(warm);
      int n = Math.min(4096, sentences.size());
      long t = System.nanoTime();
      reference.encodeAll(sentences.subList(0, n));
      double allPerSec = n / ((System.nanoTime() - t) / 1e9);
      // the same sentences 64 at a time: what 64 clients with one sentence each can give a dynamic batch
      t = System.nanoTime();
      for (int from = 0; from + 64 <= n; from += 64) {
        reference.encodeAll(sentences.subList(from, from + 64));
      }
      double chunkPerSec = (n / 64 * 64) / ((System.nanoTime() - t) / 1e9);
      long[] single = new long[400];
      for (int i = 0; i < single.length; i++) {
        long s = System.nanoTime();
        reference.encode(sentences.get(i));
        single[i] = System.nanoTime() - s;
      }
      Arrays.sort(single);
      System.out.printf(Locale.ROOT, "{\"case\": \"in-process\", \"batch\": %d, \"encodeAllPerSec\": %.1f,"
          + " \"encodeAll64PerSec\": %.1f, \"singleP50Ms\": %.3f, \"singleP99Ms\": %.3f}%n", batch, allPerSec,
          chunkPerSec, single[200] / 1e6, single[396] / 1e6);
    }
  }

  private static boolean wrk() {
    return !Boolean.getBoolean("bench.jdkClient") && java.util.stream.Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "wrk")));
  }

  /** Runs wrk with one connection per client, each request one sentence of the file in turn. */
  private static void wrk(URI uri, Path sentences, int clients, int seconds) throws Exception {
    Path script = Files.createTempFile("serve-bench", ".lua");
    Files.writeString(script, """
        local lines = {}
        for l in io.lines("%s") do
          if #l > 0 then lines[#lines + 1] = l end
        end
        local i = %d
        request = function()
          i = i + 1
          local s = lines[(i %% #lines) + 1]:gsub('\\\\', '\\\\\\\\'):gsub('"', '\\\\"'):gsub('\\t', '\\\\t')
          return wrk.format("POST", "%s", {["Content-Type"] = "application/json"},
            '{"model":"minilm","input":"' .. s .. '"}')
        end
        """.formatted(sentences.toAbsolutePath(), clients * 1000, uri.getPath()));
    Process p = new ProcessBuilder("wrk", "-t1", "-c" + clients, "-d" + seconds + "s", "--latency", "-s",
        script.toString(), uri.getScheme() + "://" + uri.getAuthority()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    Files.delete(script);
    if (out.contains("Non-2xx") || out.contains("Socket errors") || out.contains("error")) {
      throw new IllegalStateException("wrk saw errors:\n" + out);
    }
    java.util.regex.Matcher rps = java.util.regex.Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
    java.util.regex.Matcher reqs = java.util.regex.Pattern.compile("(\\d+) requests in").matcher(out);
    if (!rps.find() || !reqs.find()) {
      throw new IllegalStateException("no figures from wrk:\n" + out);
    }
    if (seconds > 2) {
      System.out.printf(Locale.ROOT, "{\"case\": \"http\", \"clients\": %d, \"requests\": %s, \"sentencesPerSec\":"
          + " %s, \"p50Ms\": %.3f, \"p99Ms\": %.3f}%n", clients, reqs.group(1), rps.group(1), millis(out, "50%"),
          millis(out, "99%"));
    }
  }

  /** A latency percentile line of wrk's --latency output (e.g. "50%  4.58ms"), in milliseconds. */
  private static double millis(String out, String percentile) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(percentile)
        + "\\s+([\\d.]+)(us|ms|s)\\b").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " latency from wrk:\n" + out);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  private static void run(HttpClient http, URI uri, List<String> sentences, int clients, int seconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger next = new AtomicInteger();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<List<Long>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        List<Long> lat = new ArrayList<>();
        while (System.nanoTime() < end) {
          String s = sentences.get(next.getAndIncrement() % sentences.size());
          String body = "{\"model\":\"minilm\",\"input\":" + new com.google.gson.JsonPrimitive(s) + "}";
          long t = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
          }
          lat.add(System.nanoTime() - t);
        }
        return lat;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    all.sort(null);
    if (seconds > 2) {
      System.out.printf(Locale.ROOT, "{\"case\": \"http\", \"clients\": %d, \"requests\": %d, \"sentencesPerSec\":"
          + " %.1f, \"p50Ms\": %.3f, \"p99Ms\": %.3f}%n", clients, all.size(), all.size() / elapsed,
          all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
    }
  }
}
