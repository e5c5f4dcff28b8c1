package io.embedkit.cli;

import static io.embedkit.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed text --labels column=NAME}, {@code train-classifier} and {@code classify} on the committed WordNet
 * topics set (MiniLM): the order of methods holds (a linear head at least as accurate as kNN@10, an MLP
 * at least as accurate as the linear head), and the reports are as the design fixes them.
 */
class ClassifierCliTest {
  static final Path TOPICS = Path.of("..", "datasets", "wordnet-topics");
  @TempDir static Path tmp;
  static Path train;
  static Path test;

  @BeforeAll
  static void embed() {
    train = tmp.resolve("train.jsonl");
    test = tmp.resolve("test.jsonl");
    CliTest.Run a = run("embed", "text", "--in", TOPICS.resolve("train.csv").toString(), "--labels", "column=label",
        "--out", train.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    CliTest.Run b = run("embed", "text", "--in", TOPICS.resolve("test.csv").toString(), "--labels", "column=label",
        "--out", test.toString());
    assertThat(b.exit()).as(b.err()).isZero();
  }

  private static double accuracy(Path json) throws IOException {
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.keySet()).containsExactlyInAnyOrder("method", "accuracy", "macroF1", "items");
    assertThat(o.get("items").getAsInt()).isEqualTo(1933);
    assertThat(o.get("macroF1").getAsDouble()).isBetween(0.3, 1.0);
    return o.get("accuracy").getAsDouble();
  }

  @Test
  void labelsFromAColumnReachEachLine() throws IOException {
    VectorFiles.Labeled data = VectorFiles.read(train);
    assertThat(data.ids()).hasSize(3867);
    assertThat(data.ids().get(0)).startsWith("n"); // the id column
    assertThat(data.fields().get(0)).containsKeys("text", "label");
    assertThat(data.fields().stream().map(f -> f.get("label")).distinct().count()).isEqualTo(25);
  }

  @Test
  void linearBeatsKnnAndMlpBeatsLinearOnTheTopicsSet() throws IOException {
    Path knnJson = tmp.resolve("knn.json");
    CliTest.Run knn = run("classify", "--train", train.toString(), "--in", test.toString(), "--k", "10", "--quiet",
        "--json", knnJson.toString());
    assertThat(knn.exit()).as(knn.err()).isZero();
    assertThat(knn.out()).startsWith("accuracy ").contains("knn@10").contains("noun.animal");
    double knnAccuracy = accuracy(knnJson);

    double[] heads = new double[2];
    String[] names = {"linear", "mlp"};
    for (int h = 0; h < 2; h++) {
      Path dir = tmp.resolve(names[h]);
      Path json = tmp.resolve(names[h] + ".json");
      Path png = tmp.resolve(names[h] + ".png");
      CliTest.Run r = run("train-classifier", "--train", train.toString(), "--head", names[h], "--out",
          dir.toString(), "--test", test.toString(), "--json", json.toString(), "--plot", png.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("trained a " + names[h] + " head on 3480 items (25 labels, 387 held out)");
      assertThat(png).isRegularFile();
      heads[h] = accuracy(json);
      // the saved head classifies the same way
      Path again = tmp.resolve(names[h] + "-again.json");
      CliTest.Run c = run("classify", "--model", dir.toString(), "--in", test.toString(), "--quiet", "--json",
          again.toString());
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(accuracy(again)).isEqualTo(heads[h]);
    }
    assertThat(heads[0]).as("linear vs kNN@10").isGreaterThanOrEqualTo(knnAccuracy);
    assertThat(heads[1]).as("MLP vs linear").isGreaterThanOrEqualTo(heads[0]);

    Path adapterDir = tmp.resolve("adapter");
    Path adapterJson = tmp.resolve("adapter.json");
    CliTest.Run a = run("train-classifier", "--train", train.toString(), "--head", "adapter", "--out",
        adapterDir.toString(), "--test", test.toString(), "--json", adapterJson.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.out()).contains("trained a linear adapter", "adapter+knn@10");
    double adapted = accuracy(adapterJson);
    assertThat(adapted).as("adapter + kNN@10 vs kNN@10").isGreaterThanOrEqualTo(knnAccuracy + 0.02);
    Path again = tmp.resolve("adapter-again.json");
    CliTest.Run c = run("classify", "--model", adapterDir.toString(), "--train", train.toString(), "--in",
        test.toString(), "--k", "10", "--quiet", "--json", again.toString());
    assertThat(c.exit()).as(c.err()).isZero();
    assertThat(accuracy(again)).isEqualTo(adapted);
  }

  @Test
  void badInputsGetOneLine() throws IOException {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "text,topic\nhello,greeting\nbye\n");
    Path out = tmp.resolve("bad.jsonl");
    for (String[] args : List.of(
        new String[] {"embed", "text", "--in", csv.toString(), "--labels", "column=label", "--out", out.toString()},
        new String[] {"embed", "text", "--in", csv.toString(), "--labels", "column=topic", "--out", out.toString()},
        new String[] {"embed", "text", "--in", csv.toString(), "--labels", "folders", "--out", out.toString()},
        new String[] {"train-classifier", "--train", test.toString(), "--label", "nothing", "--out",
            tmp.resolve("x").toString()},
        new String[] {"classify", "--model", tmp.resolve("missing").toString(), "--in", test.toString()},
        new String[] {"classify", "--in", test.toString()})) {
      CliTest.Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(1);
      assertThat(r.err().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("embedkit: ").doesNotContain("Exception");
    }
    assertThat(run("embed", "text", "--in", csv.toString(), "--labels", "column=label", "--out", out.toString()).err())
        .contains("no label column \"label\"");
    assertThat(run("embed", "text", "--in", csv.toString(), "--labels", "column=topic", "--out", out.toString()).err())
        .contains("row 2 has 1 fields");
    assertThat(out).doesNotExist();
  }
}
