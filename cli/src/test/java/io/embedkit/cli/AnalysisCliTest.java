package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.cli.CliTest.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** similarity, cluster, classify, plot and duplicates on sentences embedded by the CLI. */
class AnalysisCliTest {
  static final List<String> SENTENCES = List.of(
      "The cat sits on the mat", "A kitten is sleeping on the rug", "My cat loves chasing a toy mouse",
      "Stock markets fell sharply today", "Investors worry about rising inflation",
      "The central bank raised interest rates", "The cat sits on the mat.");

  @TempDir static Path tmp;
  static Path vectors;

  @BeforeAll
  static void embed() throws Exception {
    Path docs = tmp.resolve("s.txt");
    Files.write(docs, SENTENCES);
    vectors = tmp.resolve("s.jsonl");
    assertThat(CliTest.run("embed", "text", "--in", docs.toString(), "--out", vectors.toString()).exit()).isZero();
  }

  @Test
  void similarityPrintsTheMatrix() throws Exception {
    Run r = CliTest.run("similarity", "--in", vectors.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).isEqualTo("id\t1\t2\t3\t4\t5\t6\t7");
    assertThat(lines.get(1)).startsWith("1\t1.000000\t");
    Path csv = tmp.resolve("m.csv");
    assertThat(CliTest.run("similarity", "--in", vectors.toString(), "--out", csv.toString()).exit()).isZero();
    assertThat(Files.readAllLines(csv).get(1).split(",")).hasSize(8);
  }

  @Test
  void clusterSeparatesPetsFromFinanceAndPlots() throws Exception {
    Path plot = tmp.resolve("clusters.png");
    Path out = tmp.resolve("clusters.jsonl");
    Run r = CliTest.run("cluster", "--in", vectors.toString(), "--k", "2", "--plot", plot.toString(), "--out",
        out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    VectorFiles.Labeled labelled = VectorFiles.read(out);
    Object pets = labelled.fields().get(0).get("cluster");
    Object finance = labelled.fields().get(3).get("cluster");
    assertThat(pets).isNotEqualTo(finance);
    for (int i : new int[] {1, 2, 6}) {
      assertThat(labelled.fields().get(i).get("cluster")).isEqualTo(pets);
    }
    assertThat(labelled.fields().get(4).get("cluster")).isEqualTo(finance);
    assertThat(labelled.fields().get(5).get("cluster")).isEqualTo(finance);
    assertThat(r.out()).contains("silhouette 0.");
    Run euclidean = CliTest.run("cluster", "--in", vectors.toString(), "--k", "2", "--no-normalize");
    assertThat(euclidean.exit()).as(euclidean.err()).isZero();
    assertThat(euclidean.out()).contains("cluster 1 (").contains("silhouette ");
    BufferedImage img = ImageIO.read(plot.toFile());
    assertThat(img.getWidth()).isEqualTo(800);
    Path svg = tmp.resolve("tsne.svg");
    Run p = CliTest.run("plot", "--in", out.toString(), "--out", svg.toString(), "--label", "cluster", "--method",
        "tsne", "--width", "300", "--height", "200");
    assertThat(p.exit()).as(p.err()).isZero();
    assertThat(Files.readString(svg)).contains("width=\"300px\"");
  }

  @Test
  void duplicatesFindsTheRepeatedSentence() {
    Run r = CliTest.run("duplicates", "--in", vectors.toString(), "--threshold", "0.95");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("1 groups, 1 pairs at or above 0.95").contains("\t1\t7");
  }

  @Test
  void classifyLabelsNewSentencesFromLabelledOnes() throws Exception {
    Path train = tmp.resolve("train.jsonl");
    List<String> lines = Files.readAllLines(vectors);
    List<String> labelled = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String label = i < 3 || i == 6 ? "pets" : "finance";
      labelled.add(lines.get(i).replaceFirst("^\\{", "{\"label\":\"" + label + "\","));
    }
    Files.write(train, labelled);
    Path queries = tmp.resolve("q.txt");
    Files.write(queries, List.of("My dog sleeps all day", "Bond yields climbed again"));
    Path q = tmp.resolve("q.jsonl");
    assertThat(CliTest.run("embed", "text", "--in", queries.toString(), "--out", q.toString()).exit()).isZero();
    Run r = CliTest.run("classify", "--train", train.toString(), "--in", q.toString(), "--k", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> out = r.out().lines().toList();
    assertThat(out.get(0)).startsWith("1\tpets\t");
    assertThat(out.get(1)).startsWith("2\tfinance\t");
    Run missing = CliTest.run("classify", "--train", vectors.toString(), "--in", q.toString());
    assertThat(missing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(missing.err()).contains("has no \"label\" field");
  }
}
