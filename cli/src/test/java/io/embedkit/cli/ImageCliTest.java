package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.cli.CliTest.Run;
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

  @Test
  void onErrorSkipEmbedsTheGoodFilesAndNamesEachSkippedOne() throws Exception {
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(FIXTURES.resolve("images/rgb.png"), mixed.resolve("a.png"));
    Files.copy(FIXTURES.resolve("images/bomb.png"), mixed.resolve("b_bomb.png"));
    Files.write(mixed.resolve("c_broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    Files.copy(FIXTURES.resolve("images/photo.jpg"), mixed.resolve("d.jpg"));
    String model = FIXTURES.resolve("tiny-resnet").toString();
    Path out = dir.resolve("mixed.jsonl");
    Run failing = CliTest.run("embed", "image", "--model", model, "--in", mixed.toString(), "--out", out.toString());
    assertThat(failing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(failing.err()).hasLineCount(1).contains("b_bomb.png: PNG header declares")
        .endsWith("(--on-error skip embeds the other files)\n");
    assertThat(out).doesNotExist();

    Run skipping = CliTest.run("embed", "image", "--model", model, "--in", mixed.toString(), "--out",
        out.toString(), "--on-error", "skip");
    assertThat(skipping.exit()).as(skipping.err()).isZero();
    List<String> err = skipping.err().lines().toList();
    assertThat(err).hasSize(3);
    assertThat(err.get(0)).startsWith("embedkit: skipped ").contains("b_bomb.png: PNG header declares");
    assertThat(err.get(1)).startsWith("embedkit: skipped ").contains("c_broken.jpg: corrupt or truncated");
    assertThat(err.get(2)).startsWith("embedded 2 images");
    VectorFiles.Labeled data = VectorFiles.read(out);
    assertThat(data.ids()).containsExactly("a.png", "d.jpg");
    Path single = dir.resolve("single.jsonl");
    assertThat(CliTest.run("embed", "image", "--model", model, "--in", mixed.resolve("d.jpg").toString(), "--out",
        single.toString()).exit()).isZero();
    assertThat(data.vectors().get(1)).as("a file's vector does not depend on skipped neighbours")
        .containsExactly(VectorFiles.read(single).vectors().get(0));
  }
}
