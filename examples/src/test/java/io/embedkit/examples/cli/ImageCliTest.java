package io.embedkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.examples.cli.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** embed image -> index build -> search, with the image-encoder's tiny ResNet and tiny CLIP test models. */
class ImageCliTest {
  /** The image-encoder module's fixtures (tools/fixtures/make_images.py), next to this module. */
  static final Path FIXTURES = Path.of("..", "image-encoder", "src", "test", "resources").toAbsolutePath().normalize();
  static final List<String> IMAGES = List.of("rgb.png", "tiny.png", "wide.png", "photo.jpg", "anim.gif", "cmyk.jpg");

  @TempDir static Path dir;
  static Path folder;

  @BeforeAll
  static void copyImages() throws Exception {
    assertThat(FIXTURES.resolve("tiny-resnet")).as("image-encoder test resources").isDirectory();
    folder = Files.createDirectories(dir.resolve("pictures"));
    for (String n : IMAGES) {
      Files.copy(FIXTURES.resolve("images").resolve(n), folder.resolve(n));
    }
    Files.writeString(folder.resolve("notes.txt"), "not an image: folders keep only image files");
  }

  @Test
  void embedIndexAndSearchByImage() {
    Path jsonl = dir.resolve("resnet.jsonl");
    String model = FIXTURES.resolve("tiny-resnet").toString();
    Run embed = CliTest.run("embed", "image", "--model", model, "--in", folder.toString(), "--out", jsonl.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    assertThat(embed.err()).contains("embedded 6 images");
    Path index = dir.resolve("resnet.idx");
    Run build = CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index.toString(), "--type", "flat");
    assertThat(build.exit()).as(build.err()).isZero();
    Run search = CliTest.run("search", "--index", index.toString(), "--image",
        FIXTURES.resolve("images/photo.jpg").toString(), "--model", model, "--k", "3");
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(search.out().lines().findFirst().orElseThrow()).startsWith("1\t1.0000").contains("\tphoto.jpg\t");
  }

  @Test
  void clipFindsImagesByText() throws Exception {
    Path clip = FIXTURES.resolve("tiny-clip");
    JsonObject cosine = JsonParser.parseString(Files.readString(clip.resolve("reference.json"))).getAsJsonObject()
        .getAsJsonObject("cosine");
    Path jsonl = dir.resolve("clip.jsonl");
    Run embed = CliTest.run("embed", "image", "--model", clip.toString(), "--in", folder.toString(), "--out",
        jsonl.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    Path index = dir.resolve("clip.idx");
    assertThat(CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index.toString()).exit()).isZero();
    for (String q : cosine.keySet()) {
      JsonObject sims = cosine.getAsJsonObject(q);
      String best = IMAGES.stream().max(Comparator.comparingDouble(n -> sims.get(n).getAsDouble())).orElseThrow();
      Run search = CliTest.run("search", "--index", index.toString(), "--text", q, "--model", clip.toString(),
          "--k", "1");
      assertThat(search.exit()).as(search.err()).isZero();
      assertThat(search.out()).as("'" + q + "', reference cosines " + sims).contains("\t" + best + "\t");
    }
  }

  @Test
  void benchEncodeImageReportsAllThreeFigures() throws Exception {
    Path json = dir.resolve("bench.json");
    Run bench = CliTest.run("bench", "encode", "image", "--model", FIXTURES.resolve("tiny-resnet").toString(),
        "--in", folder.toString(), "--repeat", "1", "--json", json.toString());
    assertThat(bench.exit()).as(bench.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.get("items").getAsInt()).isEqualTo(6);
    assertThat(o.getAsJsonObject("forwardPass").get("itemsPerSecond").getAsDouble()).isPositive();
    assertThat(o.getAsJsonObject("preprocess").get("itemsPerSecond").getAsDouble()).isPositive();
  }

  @Test
  void badImageInputsFailInOneLine() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.write(bad.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    Run r = CliTest.run("embed", "image", "--model", FIXTURES.resolve("tiny-resnet").toString(), "--in",
        bad.toString(), "--out", dir.resolve("x.jsonl").toString());
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).contains("broken.jpg: corrupt or truncated");
    assertThat(r.err().lines()).hasSize(1);
    Run noModel = CliTest.run("embed", "image", "--in", folder.toString(), "--out", dir.resolve("y.jsonl").toString());
    assertThat(noModel.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(noModel.err()).contains("images need --model FOLDER");
  }
}
