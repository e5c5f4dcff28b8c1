package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embed image|audio --labels folders}: the class folder layout, read through DJL basicdataset. */
class LabelledFoldersCliTest {
  @TempDir Path tmp;

  @Test
  void imageClassFoldersGiveEachLineItsLabelAndClusterAndClassifyUseIt() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("photos"));
    Path cats = Files.createDirectories(root.resolve("cats"));
    Path other = Files.createDirectories(root.resolve("other"));
    Files.copy(ImageCliTest.FIXTURES.resolve("images/photo.jpg"), cats.resolve("a.jpg"));
    Files.copy(ImageCliTest.FIXTURES.resolve("images/rgb.png"), cats.resolve("b.png"));
    Files.copy(ImageCliTest.FIXTURES.resolve("images/tiny.png"), other.resolve("c.png"));
    Files.writeString(other.resolve("readme.txt"), "not an image");
    Path out = tmp.resolve("photos.jsonl");
    CliTest.Run r = CliTest.run("embed", "image", "--model", ImageCliTest.FIXTURES.resolve("tiny-resnet").toString(),
        "--in", root.toString(), "--labels", "folders", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    VectorFiles.Labeled data = VectorFiles.read(out);
    assertThat(data.ids()).containsExactly("cats/a.jpg", "cats/b.png", "other/c.png");
    assertThat(data.fields()).extracting(f -> f.get("label")).containsExactly("cats", "cats", "other");
    CliTest.Run knn = CliTest.run("classify", "--train", out.toString(), "--in", out.toString(), "--k", "1",
        "--quiet");
    assertThat(knn.exit()).as(knn.err()).isZero();
    assertThat(knn.out()).startsWith("accuracy 1.0000 (3 of 3)");
    CliTest.Run cluster = CliTest.run("cluster", "--in", out.toString(), "--k", "2");
    assertThat(cluster.exit()).as(cluster.err()).isZero();
    assertThat(cluster.out()).containsPattern("against \"label\": adjusted Rand index -?[0-9.]+, purity [0-9.]+");
    CliTest.Run plot = CliTest.run("plot", "--in", out.toString(), "--label", "label", "--out",
        tmp.resolve("p.png").toString());
    assertThat(plot.exit()).as(plot.err()).isZero();

    Files.createDirectories(root.resolve("empty"));
    CliTest.Run empty = CliTest.run("embed", "image", "--model", ImageCliTest.FIXTURES.resolve("tiny-resnet")
        .toString(), "--in", root.toString(), "--labels", "folders", "--out", tmp.resolve("x.jsonl").toString());
    assertThat(empty.exit()).isEqualTo(1);
    assertThat(empty.err()).hasLineCount(1).contains("class folder").contains("empty").contains("holds no files");
  }

  @Test
  void audioClassFoldersToo() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("clips"));
    int i = 0;
    for (String label : List.of("speech", "tones")) {
      Path d = Files.createDirectories(root.resolve(label));
      for (String n : AudioCliTest.CLIPS.subList(i, i + 2)) {
        Files.copy(AudioCliTest.FIXTURES.resolve("audio").resolve(n), d.resolve(n));
      }
      i += 2;
    }
    Path out = tmp.resolve("clips.jsonl");
    CliTest.Run r = CliTest.run("embed", "audio", "--model", AudioCliTest.FIXTURES.resolve("tiny-wav2vec2").toString(),
        "--in", root.toString(), "--labels", "folders", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    VectorFiles.Labeled data = VectorFiles.read(out);
    assertThat(data.fields()).extracting(f -> f.get("label")).containsExactly("speech", "speech", "tones", "tones");
    assertThat(data.fields().get(0)).containsKey("path");
    assertThat(Map.copyOf(data.fields().get(3))).containsEntry("label", "tones");
  }
}
