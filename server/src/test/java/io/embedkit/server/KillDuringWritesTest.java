package io.embedkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives kill -9: a child server process (snapshots every 50 log records, so kills
 * also land around snapshots) is killed at random moments while a client upserts; after each restart every
 * acknowledged item is there, and nothing but acknowledged items and those of the one request in flight.
 */
class KillDuringWritesTest {
  private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/v1");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  private record Child(Process process, int port) {}

  private Child start() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dembedkit.server.snapshotEvery=50", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        ServeCommand.class.getName(), "--port", "0", "--data", data.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          Matcher m = SERVING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (java.io.IOException ignored) {
        // the child was killed
      }
      port.completeExceptionally(new IllegalStateException("the server ended without serving"));
    });
    reader.setDaemon(true);
    reader.start();
    return new Child(p, port.get(60, TimeUnit.SECONDS));
  }

  private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(
        java.time.Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyAcknowledgedItemSurvivesAKill() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    Set<String> acknowledged = new HashSet<>();
    int next = 0;
    Child child = start();
    assertThat(send(child.port(), "PUT", "/collections/c", "{\"model\":\"minilm\"}").statusCode()).isEqualTo(201);
    for (int round = 0; round < 8; round++) {
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1200));
      List<String> inFlight = new ArrayList<>();
      AtomicBoolean killed = new AtomicBoolean();
      Process victim = child.process();
      Thread killer = new Thread(() -> {
        while (System.nanoTime() < killAt) {
          Thread.onSpinWait();
        }
        victim.destroyForcibly(); // SIGKILL
        killed.set(true);
      });
      killer.start();
      while (!killed.get()) {
        inFlight.clear();
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 5; i++) {
          String id = "item-" + next++;
          inFlight.add(id);
          body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"vector\":[");
          for (int d = 0; d < 384; d++) {
            body.append(d == 0 ? "" : ",").append((float) random.nextGaussian());
          }
          body.append("],\"metadata\":{\"round\":").append(round).append("}}");
        }
        try {
          HttpResponse<String> r = send(child.port(), "POST", "/collections/c/items", body.append("]}").toString());
          if (r.statusCode() == 200) {
            acknowledged.addAll(inFlight);
            inFlight.clear();
          }
        } catch (java.io.IOException e) {
          break; // the kill cut the request: not acknowledged
        }
      }
      killer.join();
      child.process().waitFor();
      child = start();
      int port = child.port();
      int size = com.google.gson.JsonParser.parseString(send(port, "GET", "/collections/c", null).body())
          .getAsJsonObject().get("size").getAsInt();
      for (String id : acknowledged) {
        assertThat(send(port, "GET", "/collections/c/items/" + id, null).statusCode())
            .as("round %d: acknowledged %s", round, id).isEqualTo(200);
      }
      int present = acknowledged.size();
      for (String id : inFlight) { // the cut request: all or nothing of it, never part
        if (send(port, "GET", "/collections/c/items/" + id, null).statusCode() == 200) {
          present++;
        }
      }
      assertThat(present - acknowledged.size()).as("round %d: the request in flight", round).isIn(0, inFlight.size());
      assertThat(size).as("round %d: nothing else", round).isEqualTo(present);
      acknowledged.addAll(present > acknowledged.size() ? inFlight : List.of());
    }
    child.process().destroy(); // SIGTERM: a clean stop
    assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledged).hasSizeGreaterThan(40);
    System.out.println("kill -9 test: " + acknowledged.size() + " acknowledged items over 8 kills, all present");
  }
}
