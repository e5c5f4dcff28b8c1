package io.embedkit.server;

import static io.embedkit.server.ServerApiTest.get;
import static io.embedkit.server.ServerApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.embedkit.core.Encoders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections over HTTP: create, upsert texts and vectors, search with filters, delete, survive a restart. */
class CollectionsTest {
  @TempDir Path data;

  static ServerApiTest.Reply send(EmbeddingServer s, String method, String path, String body) throws Exception {
    HttpResponse<String> r = ServerApiTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + s.port() + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new ServerApiTest.Reply(r.statusCode(), r.body());
  }

  private EmbeddingServer start() {
    return EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class)).dataDir(data).port(0)
        .build().start();
  }

  private static List<String> ids(ServerApiTest.Reply r) {
    List<String> ids = new ArrayList<>();
    r.json().getAsJsonArray("data").forEach(h -> ids.add(h.getAsJsonObject().get("id").getAsString()));
    return ids;
  }

  @Test
  void anImageCollectionTakesAndSearchesImagesAsDataUrls() throws Exception {
    Path images = Path.of("..", "image-encoder", "src", "test", "resources", "images");
    try (EmbeddingServer s = EmbeddingServer.builder().model("tiny-image", Encoders.open(
        TestServers.IMAGE_MODEL.toString(), java.awt.image.BufferedImage.class)).dataDir(data).port(0).build()
        .start()) {
      assertThat(send(s, "PUT", "/collections/pics", "{\"model\":\"tiny-image\",\"index\":\"flat\"}").status())
          .isEqualTo(201);
      StringBuilder items = new StringBuilder("{\"items\":[");
      String[] names = {"rgb.png", "grey.png", "photo.jpg", "palette.png"};
      for (int i = 0; i < names.length; i++) {
        String mime = names[i].endsWith(".png") ? "image/png" : "image/jpeg";
        items.append(i == 0 ? "" : ",").append("{\"id\":\"").append(names[i]).append("\",\"image\":\"data:")
            .append(mime).append(";base64,").append(java.util.Base64.getEncoder().encodeToString(
                Files.readAllBytes(images.resolve(names[i])))).append("\"}");
      }
      ServerApiTest.Reply up = post(s, "/collections/pics/items", items.append("]}").toString(), null);
      assertThat(up.status()).as(up.body()).isEqualTo(200);
      String query = "data:image/jpeg;base64," + java.util.Base64.getEncoder().encodeToString(
          Files.readAllBytes(images.resolve("photo.jpg")));
      ServerApiTest.Reply r = post(s, "/collections/pics/search", "{\"image\":\"" + query + "\",\"k\":4}", null);
      assertThat(ids(r)).hasSize(4).first().isEqualTo("photo.jpg");
      assertThat(post(s, "/collections/pics/search", "{\"text\":\"a photo\"}", null).status())
          .as("an image model takes no text").isEqualTo(400);
    }
  }

  @Test
  void createUpsertSearchDeleteAndRestart() throws Exception {
    float[] hello;
    try (EmbeddingServer s = start()) {
      assertThat(send(s, "PUT", "/collections/docs", "{\"model\":\"minilm\"}").status()).isEqualTo(201);
      assertThat(send(s, "PUT", "/collections/docs", "{\"model\":\"minilm\"}").status()).isEqualTo(200);
      assertThat(send(s, "PUT", "/collections/docs", "{\"model\":\"minilm\",\"index\":\"flat\"}").status())
          .isEqualTo(409);
      assertThat(send(s, "PUT", "/collections/bad.name", "{\"model\":\"minilm\"}").status()).isEqualTo(400);
      assertThat(send(s, "PUT", "/collections/x", "{\"model\":\"nope\"}").status()).isEqualTo(404);
      ServerApiTest.Reply up = post(s, "/collections/docs/items", "{\"items\":["
          + "{\"id\":\"ai\",\"text\":\"Artificial intelligence is revolutionizing healthcare.\","
          + "\"metadata\":{\"topic\":\"health\",\"year\":2024}},"
          + "{\"id\":\"cat\",\"text\":\"My cat sleeps on the sofa.\",\"metadata\":{\"topic\":\"pets\",\"year\":2019}},"
          + "{\"id\":\"bank\",\"text\":\"The central bank cut interest rates.\",\"metadata\":{\"topic\":\"finance\","
          + "\"year\":2024,\"reviewed\":true}}]}", null);
      assertThat(up.status()).as(up.body()).isEqualTo(200);
      hello = TestServers.reference().encode("hello there");
      StringBuilder v = new StringBuilder();
      for (float f : hello) {
        v.append(v.length() == 0 ? "" : ",").append(f);
      }
      assertThat(post(s, "/collections/docs/items", "{\"items\":[{\"id\":\"hi\",\"vector\":[" + v + "]}]}", null)
          .status()).isEqualTo(200);
      ServerApiTest.Reply r = post(s, "/collections/docs/search", "{\"text\":\"AI in medicine\",\"k\":2}", null);
      assertThat(ids(r)).first().isEqualTo("ai");
      JsonObject top = r.json().getAsJsonArray("data").get(0).getAsJsonObject();
      assertThat(top.get("text").getAsString()).isEqualTo("Artificial intelligence is revolutionizing healthcare.");
      assertThat(top.getAsJsonObject("metadata").get("year").getAsLong()).isEqualTo(2024);
      assertThat(ids(post(s, "/collections/docs/search", "{\"text\":\"AI in medicine\",\"k\":5,"
          + "\"filter\":\"year >= 2020 && topic != 'health'\"}", null))).containsExactly("bank");
      assertThat(ids(post(s, "/collections/docs/search", "{\"vector\":[" + v + "],\"k\":1}", null)))
          .containsExactly("hi");
      assertThat(post(s, "/collections/docs/search", "{\"text\":\"x\",\"filter\":\"year >\"}", null).status())
          .isEqualTo(400);
      assertThat(post(s, "/collections/docs/items", "{\"items\":[{\"id\":\"a\",\"text\":\"x\",\"vector\":[1]}]}",
          null).status()).isEqualTo(400);
      assertThat(post(s, "/collections/docs/items", "{\"items\":[{\"id\":\"a\",\"vector\":[1,2]}]}", null).status())
          .isEqualTo(400);
      assertThat(send(s, "DELETE", "/collections/docs/items/cat", null).json().get("deleted").getAsBoolean()).isTrue();
      assertThat(send(s, "DELETE", "/collections/docs/items/cat", null).json().get("deleted").getAsBoolean())
          .isFalse();
      assertThat(get(s, "/collections/docs").json().get("size").getAsInt()).isEqualTo(3);
      assertThat(post(s, "/collections/nope/search", "{\"text\":\"x\"}", null).status()).isEqualTo(404);
    }
    assertThat(Files.size(data.resolve("docs/wal.log"))).as("a clean stop snapshots and empties the log").isZero();
    try (EmbeddingServer s = start()) {
      assertThat(get(s, "/collections/docs").json().get("size").getAsInt()).isEqualTo(3);
      assertThat(ids(post(s, "/collections/docs/search", "{\"text\":\"a sleepy cat\",\"k\":3}", null)))
          .doesNotContain("cat").contains("ai", "bank", "hi");
      // keyword and hybrid modes: BM25 over the stored texts, rebuilt from the snapshot on start
      assertThat(ids(post(s, "/collections/docs/search", "{\"text\":\"interest rates\",\"mode\":\"keyword\"}",
          null))).containsExactly("bank");
      assertThat(ids(post(s, "/collections/docs/search", "{\"text\":\"sofa\",\"mode\":\"keyword\"}", null)))
          .isEmpty(); // deleted before the restart
      ServerApiTest.Reply hybrid = post(s, "/collections/docs/search",
          "{\"text\":\"healthcare costs\",\"mode\":\"hybrid\",\"k\":3,\"filter\":\"year >= 2020\"}", null);
      assertThat(hybrid.status()).as(hybrid.body()).isEqualTo(200);
      assertThat(ids(hybrid)).first().isEqualTo("ai");
      assertThat(ids(hybrid)).doesNotContain("hi"); // no year: the filter holds on both sides
      post(s, "/collections/docs/items", "{\"items\":[{\"id\":\"new\",\"text\":\"Quarterly earnings beat"
          + " forecasts.\"}]}", null);
      assertThat(ids(post(s, "/collections/docs/search", "{\"text\":\"earnings\",\"mode\":\"keyword\"}", null)))
          .containsExactly("new");
      assertThat(post(s, "/collections/docs/search", "{\"vector\":[1],\"mode\":\"hybrid\"}", null).status())
          .isEqualTo(400);
      ServerApiTest.Reply badMode = post(s, "/collections/docs/search", "{\"text\":\"x\",\"mode\":\"fuzzy\"}",
          null);
      assertThat(badMode.status()).isEqualTo(400);
      assertThat(badMode.json().getAsJsonObject("error").get("param").getAsString()).isEqualTo("mode");
      JsonArray all = get(s, "/collections").json().getAsJsonArray("data");
      assertThat(all).hasSize(1);
      assertThat(send(s, "DELETE", "/collections/docs", null).status()).isEqualTo(200);
      assertThat(data.resolve("docs")).doesNotExist();
      assertThat(send(s, "DELETE", "/collections/docs", null).status()).isEqualTo(404);
    }
  }
}
