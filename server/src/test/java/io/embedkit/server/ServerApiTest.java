package io.embedkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.Encoders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The HTTP contract: errors in OpenAI's shape with the right status, limits, data: URLs, batching, shutdown. */
class ServerApiTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Reply(int status, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    JsonObject error() {
      return json().getAsJsonObject("error");
    }
  }

  static Reply post(EmbeddingServer server, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  static Reply get(EmbeddingServer server, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  private static void refused(Reply r, int status, String param, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonObject e = r.error();
    assertThat(e.get("message").getAsString()).contains(message);
    assertThat(e.get("type").getAsString()).isEqualTo(status >= 500 ? "server_error" : status == 429
        ? "rate_limit_exceeded" : "invalid_request_error");
    if (param != null) {
      assertThat(e.get("param").getAsString()).isEqualTo(param);
    }
  }

  @Test
  void badRequestsGetOpenAiErrorsWithTheRightStatus() throws Exception {
    EmbeddingServer s = TestServers.shared();
    refused(post(s, "/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}", null), 404, "model", "'nope'");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\",\"temperature\":1}", null), 400,
        "temperature", "unknown field 'temperature'");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\"}", null), 400, "input", "'input' is required");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":[]}", null), 400, "input", "empty array");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":[\"a\",\"\"]}", null), 400, "input",
        "input[1] is an empty string");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":[[1,2,3]]}", null), 400, "input",
        "token ids");
    refused(post(s, "/v1/embeddings", "{\"model\":5,\"input\":\"x\"}", null), 400, "model", "must be a string");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\",\"dimensions\":385}", null), 400,
        "dimensions", "1 to 384");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\",\"dimensions\":1.5}", null), 400,
        "dimensions", "integer");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\",\"encoding_format\":\"hex\"}", null),
        400, "encoding_format", "'float' or 'base64'");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\"", null), 400, null,
        "the body is not JSON");
    refused(post(s, "/v1/embeddings", "[1]", null), 400, null, "a JSON object");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"" + "a".repeat(100_001) + "\"}", null),
        413, "input", "at most 100000");
    StringBuilder many = new StringBuilder("{\"model\":\"minilm\",\"input\":[");
    for (int i = 0; i < 2049; i++) {
      many.append(i == 0 ? "" : ",").append("\"x\"");
    }
    refused(post(s, "/v1/embeddings", many.append("]}").toString(), null), 413, "input", "at most 2048");
    refused(post(s, "/v1/embeddings", "{\"model\":\"tiny-image\",\"input\":\"a text\"}", null), 400, "input",
        "not text");
    refused(post(s, "/v1/embeddings", "{\"model\":\"tiny-image\",\"input\":\"data:image/png;base64,@@\"}", null),
        400, "input", "does not decode");
    refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"data:audio/wav;base64,AAAA\"}", null), 400,
        "input", "does not take");
    refused(get(s, "/v2/nothing"), 404, null, "/v2/nothing");
    Reply models = get(s, "/v1/models");
    assertThat(models.json().getAsJsonArray("data")).hasSize(3);
    refused(get(s, "/v1/models/nope"), 404, "model", "'nope'");
    assertThat(get(s, "/v1/models/minilm").json().get("id").getAsString()).isEqualTo("minilm");
    assertThat(get(s, "/health").json().get("status").getAsString()).isEqualTo("ok");
    assertThat(get(s, "/metrics").body()).contains("embedkit_requests_total{route=\"/v1/embeddings\",status=\"404\"}")
        .contains("embedkit_batch_size_bucket").contains("embedkit_queue_depth");
  }

  @Test
  void imagesAndAudioGoInAsDataUrlsToTheirEncoders() throws Exception {
    EmbeddingServer s = TestServers.shared();
    byte[] png = Files.readAllBytes(Path.of("..", "image-encoder", "src", "test", "resources", "images", "rgb.png"));
    byte[] wav = Files.readAllBytes(Path.of("..", "audio-encoder", "src", "test", "resources", "audio",
        "speech_16k_float.wav"));
    try (var image = Encoders.open(TestServers.IMAGE_MODEL.toString(), java.awt.image.BufferedImage.class);
        var audio = Encoders.open(TestServers.AUDIO_MODEL.toString(), io.embedkit.audio.AudioClip.class)) {
      Reply r = post(s, "/v1/embeddings", "{\"model\":\"tiny-image\",\"input\":[\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png) + "\"]}", null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      float[] want = ((io.embedkit.image.ImageEncoder) image).encode(png);
      JsonArray got = r.json().getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("embedding");
      for (int d = 0; d < want.length; d++) {
        assertThat(got.get(d).getAsFloat()).isEqualTo(want[d]);
      }
      Reply a = post(s, "/v1/embeddings", "{\"model\":\"tiny-audio\",\"input\":\"data:audio/wav;base64,"
          + Base64.getEncoder().encodeToString(wav) + "\"}", null);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      float[] wantAudio = ((io.embedkit.audio.AudioEncoder) audio).encode(wav);
      JsonArray gotAudio = a.json().getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("embedding");
      assertThat(gotAudio).hasSize(wantAudio.length);
      assertThat(gotAudio.get(0).getAsFloat()).isEqualTo(wantAudio[0]);
      refused(post(s, "/v1/embeddings", "{\"model\":\"tiny-image\",\"input\":\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}", null), 400, "input", "input[0]");
    }
  }

  @Test
  void anApiKeyIsRequiredWhenSetAndBodiesAreBounded() throws Exception {
    EmbeddingServer.Limits small = new EmbeddingServer.Limits(4096, 16, 1000, 40, 60, 64, 2000, 8192);
    try (EmbeddingServer s = EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class))
        .apiKey("s3cret").limits(small).port(0).build().start()) {
      refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\"}", null), 401, null, "missing API key");
      refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\"}", "s3cre"), 401, null,
          "incorrect API key");
      assertThat(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"x\"}", "s3cret").status()).isEqualTo(200);
      refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"" + "b".repeat(5000) + "\"}", "s3cret"),
          413, null, "larger than 4096 bytes");
      // tokens as MiniLM's tokenizer counts them: 40 words and [CLS], [SEP]; the count is in the message
      refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":[\"ok\",\"" + "word ".repeat(40).trim()
          + "\"]}", "s3cret"), 413, "input", "input[1] has 42 tokens; at most 40");
      assertThat(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"" + "word ".repeat(38).trim() + "\"}",
          "s3cret").status()).as("40 tokens").isEqualTo(200);
      assertThat(get(s, "/health").status()).as("health needs no key").isEqualTo(200);
    }
  }

  @Test
  void aFullQueueGets429AndASlowAnswer504() throws Exception {
    EmbeddingServer.Limits tiny = new EmbeddingServer.Limits(1 << 20, 32, 1000, 8192, 0, 64, 2000, 16);
    try (EmbeddingServer s = EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class))
        .limits(tiny).port(0).build().start()) {
      StringBuilder many = new StringBuilder("{\"model\":\"minilm\",\"input\":[");
      for (int i = 0; i < 16; i++) {
        many.append(i == 0 ? "" : ",").append('"').append(("sentence " + i + " of a long request; ").repeat(25))
            .append('"');
      }
      String sixteen = many.append("]}").toString();
      // 16 long texts take tens of milliseconds to embed: a 0 s timeout is over before they are done
      refused(post(s, "/v1/embeddings", sixteen, null), 504, null, "not ready within 0 s");
      // 17 inputs: more than the 16 that may wait, whatever else is waiting
      refused(post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":[" + "\"a\",".repeat(16) + "\"b\"]}",
          null), 429, null, "more than 16 inputs are waiting");
      assertThat(get(s, "/health").status()).as("still answering").isEqualTo(200);
    }
  }

  @Test
  void aFewThousandMalformedBodiesLeaveTheServerAnswering() throws Exception {
    EmbeddingServer s = TestServers.shared();
    String valid = "{\"model\":\"minilm\",\"input\":[\"hello\",\"world\"],\"encoding_format\":\"float\"}";
    SplittableRandom r = new SplittableRandom(7);
    String alphabet = "{}[]\":,.0123456789-eE truefalsnul\\u\u00e9\u0000";
    int[] statuses = new int[600];
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder(valid);
      int edits = 1 + r.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = r.nextInt(b.length() + 1);
        switch (r.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> { if (at < b.length()) { b.deleteCharAt(at); } }
          default -> { if (at < b.length()) { b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length()))); } }
        }
      }
      Reply reply = post(s, "/v1/embeddings", b.toString(), null);
      statuses[reply.status()]++;
      assertThat(reply.status()).as("%s -> %s", b, reply.body()).isIn(200, 400, 404, 413);
      if (reply.status() != 200) {
        assertThat(reply.error().get("message").getAsString()).isNotBlank();
      }
    }
    assertThat(statuses[400]).isGreaterThan(1000);
    assertThat(post(s, "/v1/embeddings", valid, null).status()).isEqualTo(200);
  }

  @Test
  void concurrentRequestsAreBatchedTogetherAndGetTheirOwnVectors() throws Exception {
    EmbeddingServer s = TestServers.shared();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      texts.add("sentence number " + i + " about " + (i % 3 == 0 ? "cats" : i % 3 == 1 ? "markets" : "medicine"));
    }
    List<float[]> want = TestServers.reference().encodeAll(texts);
    String before = get(s, "/metrics").body();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (String t : texts) {
        replies.add(pool.submit(() -> post(s, "/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"" + t + "\"}",
            null)));
      }
      for (int i = 0; i < texts.size(); i++) {
        Reply r = replies.get(i).get();
        assertThat(r.status()).isEqualTo(200);
        JsonArray v = r.json().getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("embedding");
        for (int d = 0; d < 384; d += 37) {
          assertThat(v.get(d).getAsFloat()).as("text %d component %d", i, d)
              .isCloseTo(want.get(i)[d], org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    } finally {
      pool.shutdown();
    }
    String after = get(s, "/metrics").body();
    long batchesBefore = count(before, "embedkit_batch_size_count");
    long batchesAfter = count(after, "embedkit_batch_size_count");
    assertThat(batchesAfter - batchesBefore).as("64 requests from 16 clients in fewer batches").isLessThan(64);
  }

  private static long count(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
        .findFirst().orElse(0);
  }

  @Test
  void closingLetsTheRequestInFlightFinish() throws Exception {
    EmbeddingServer s = EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class)).port(0)
        .build().start();
    StringBuilder big = new StringBuilder("{\"model\":\"minilm\",\"input\":[");
    for (int i = 0; i < 1500; i++) {
      big.append(i == 0 ? "" : ",").append("\"a rather long sentence to embed, number ").append(i).append("\"");
    }
    String body = big.append("]}").toString();
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<Reply> inFlight = one.submit(() -> post(s, "/v1/embeddings", body, null));
      Thread.sleep(300); // the request is being embedded
      s.close();
      Reply r = inFlight.get();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getAsJsonArray("data")).hasSize(1500);
    } finally {
      one.shutdown();
    }
  }
}
