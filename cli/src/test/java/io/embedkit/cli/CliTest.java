package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = EmbedkitCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandOfTheDesign() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("demo", "embed", "index", "search", "bench", "eval", "train-classifier", "classify");
    assertThat(run("index", "--help").out()).contains("build");
    assertThat(run("bench", "--help").out()).contains("ann", "encode");
  }

  @Test
  void theDemoPrintsSentenceTransformersSimilaritiesAndTheTopTwo() {
    Run r = run("demo");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(
        "  0.9429151  That is a very happy person",
        "  0.6945773  That is a happy dog",
        "  0.2568760  Today is a sunny day",
        "Semantic search for \"AI in medicine\" (top 2 of 5):",
        "  1. 0.6249  Artificial intelligence is revolutionizing healthcare",
        "  2. 0.3111  Data privacy is a major concern in medical applications");
  }

  @Test
  void embedThenBuildAnExactIndexThenSearchIt() throws IOException {
    Path docs = tmp.resolve("docs.txt");
    Files.write(docs, DemoCommand.DOCUMENTS);
    Path jsonl = tmp.resolve("docs.jsonl");
    Run embed = run("embed", "text", "--in", docs.toString(), "--out", jsonl.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    VectorFiles.Labeled vectors = VectorFiles.read(jsonl);
    assertThat(vectors.ids()).containsExactly("1", "2", "3", "4", "5");
    assertThat(vectors.vectors()).allSatisfy(v -> assertThat(v).hasSize(384));
    assertThat(vectors.fields().get(0)).containsEntry("text", DemoCommand.DOCUMENTS.get(0));

    Path fvecs = tmp.resolve("docs.fvecs");
    assertThat(run("embed", "text", "--in", docs.toString(), "--out", fvecs.toString()).exit()).isZero();
    List<float[]> rows = VectorFiles.readFvecs(fvecs);
    assertThat(rows).hasSize(5);
    assertThat(rows.get(2)).isEqualTo(vectors.vectors().get(2));

    Path index = tmp.resolve("docs.idx");
    Run build = run("index", "build", "--in", jsonl.toString(), "--out", index.toString(), "--type", "flat");
    assertThat(build.exit()).as(build.err()).isZero();
    Run search = run("search", "--index", index.toString(), "--text", "AI in medicine", "--k", "2");
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(search.out().lines()).hasSize(2);
    assertThat(search.out().lines().findFirst().orElseThrow())
        .matches("1\t0\\.62\\d+\t1\tArtificial intelligence is revolutionizing healthcare");
  }

  @Test
  void hnswIndexBuildSearchAndTheAnnBenchmark() throws IOException {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    List<float[]> base = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      base.add(io.embedkit.core.testing.TestSeeds.randomVector(r, 12));
    }
    List<float[]> queries = base.subList(0, 50).stream().map(v -> {
      float[] q = v.clone();
      q[0] += 0.01f;
      return q;
    }).toList();
    Path b = tmp.resolve("base.fvecs");
    Path q = tmp.resolve("query.fvecs");
    Path t = tmp.resolve("truth.ivecs");
    VectorFiles.writeFvecs(b, base);
    VectorFiles.writeFvecs(q, queries);
    Run truth = run("bench", "truth", "--base", b.toString(), "--query", q.toString(), "--k", "10", "--metric", "l2",
        "--out", t.toString());
    assertThat(truth.exit()).as(truth.err()).isZero();
    assertThat(VectorFiles.readIvecs(t).get(7)[0]).isEqualTo(7); // each query's own base row is its nearest
    Path json = tmp.resolve("ann.json");
    Run ann = run("bench", "ann", "--base", b.toString(), "--query", q.toString(), "--truth", t.toString(),
        "--k", "10", "--metric", "l2", "--m", "8", "--ef-construction", "64", "--ef-search", "10,40", "--json",
        json.toString());
    assertThat(ann.exit()).as(ann.err()).isZero();
    com.google.gson.JsonArray rows = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonArray();
    assertThat(rows).hasSize(2);
    com.google.gson.JsonObject last = rows.get(1).getAsJsonObject();
    for (String key : List.of("efSearch", "k", "recall", "qps", "threads", "buildSeconds", "indexBytes", "m",
        "efConstruction")) {
      assertThat(last.has(key)).as(key).isTrue();
    }
    assertThat(last.get("efSearch").getAsInt()).isEqualTo(40);
    assertThat(last.get("recall").getAsDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(last.get("indexBytes").getAsLong()).isGreaterThan(3000L * 12 * 4);
    // the same on int8 codes: less heap per vector, the floats mapped, recall kept by rescoring
    Path json8 = tmp.resolve("ann-int8.json");
    Run ann8 = run("bench", "ann", "--base", b.toString(), "--query", q.toString(), "--truth", t.toString(),
        "--k", "10", "--metric", "l2", "--m", "8", "--ef-construction", "64", "--ef-search", "10,40",
        "--quantization", "int8", "--json", json8.toString());
    assertThat(ann8.exit()).as(ann8.err()).isZero();
    assertThat(ann8.out()).contains("int8");
    com.google.gson.JsonObject last8 = com.google.gson.JsonParser.parseString(Files.readString(json8))
        .getAsJsonArray().get(1).getAsJsonObject();
    assertThat(last8.get("quantization").getAsString()).isEqualTo("int8");
    assertThat(last8.get("oversample").getAsInt()).isEqualTo(3);
    assertThat(last8.get("recall").getAsDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(last8.get("offHeapBytesPerVector").getAsDouble()).isGreaterThanOrEqualTo(12 * 4);
    assertThat(last8.get("heapBytesPerVector").getAsDouble()).isLessThan(last.get("heapBytesPerVector").getAsDouble());

    Path jsonl = tmp.resolve("docs.jsonl");
    Path docs = tmp.resolve("docs.txt");
    Files.write(docs, DemoCommand.DOCUMENTS);
    assertThat(run("embed", "text", "--in", docs.toString(), "--out", jsonl.toString()).exit()).isZero();
    Path index = tmp.resolve("docs-hnsw.idx");
    Run build = run("index", "build", "--in", jsonl.toString(), "--out", index.toString());
    assertThat(build.exit()).as(build.err()).isZero();
    Run search = run("search", "--index", index.toString(), "--text", "AI in medicine", "--k", "1");
    assertThat(search.out()).startsWith("1\t0.62").contains("\t1\tArtificial intelligence is revolutionizing healthcare");
    Path quantized = tmp.resolve("docs-int8.idx");
    Run build8 = run("index", "build", "--in", jsonl.toString(), "--out", quantized.toString(), "--quantization",
        "int8", "--oversample", "5");
    assertThat(build8.exit()).as(build8.err()).isZero();
    assertThat(build8.err()).contains("hnsw m=16 efConstruction=200 int8");
    assertThat(run("search", "--index", quantized.toString(), "--text", "AI in medicine", "--k", "1").out())
        .isEqualTo(search.out());
    Run flat8 = run("index", "build", "--in", jsonl.toString(), "--out", tmp.resolve("f.idx").toString(), "--type",
        "flat", "--quantization", "int8");
    assertThat(flat8.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(flat8.err()).isEqualTo("embedkit: --quantization int8 is for --type hnsw; the flat index holds floats\n");
    Run int4 = run("index", "build", "--in", jsonl.toString(), "--out", tmp.resolve("q.idx").toString(),
        "--quantization", "int4");
    assertThat(int4.err()).isEqualTo("embedkit: unknown quantization 'int4': use none, int8 or binary\n");
    Path binary = tmp.resolve("docs-binary.idx");
    Run build1 = run("index", "build", "--in", jsonl.toString(), "--out", binary.toString(), "--quantization",
        "binary");
    assertThat(build1.exit()).as(build1.err()).isZero();
    assertThat(build1.err()).contains("hnsw m=16 efConstruction=200 binary");
    assertThat(run("search", "--index", binary.toString(), "--text", "AI in medicine", "--k", "1").out())
        .isEqualTo(search.out());
  }

  @Test
  void badInputGivesOneLineAndANonZeroExit() throws IOException {
    Run missing = run("search", "--index", tmp.resolve("none.idx").toString(), "--text", "x");
    assertThat(missing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(missing.err()).isEqualTo("embedkit: index file " + tmp.resolve("none.idx") + ": does not exist\n");

    Path bad = tmp.resolve("bad.fvecs");
    Files.write(bad, new byte[] {4, 0, 0, 0, 1, 2});
    Run truncated = run("index", "build", "--in", bad.toString(), "--out", tmp.resolve("o.idx").toString(),
        "--type", "flat");
    assertThat(truncated.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(truncated.err()).isEqualTo("embedkit: " + bad + ": row 0 is truncated\n");

    Run usage = run("embed", "text", "--in", "x.txt");
    assertThat(usage.exit()).isEqualTo(EmbedkitCli.EXIT_USAGE);
    assertThat(usage.err()).isEqualTo("embedkit: Missing required option: '--out=FILE' (see 'embedkit embed --help')\n");

    Run model = run("embed", "text", "--in", "x.txt", "--out", "y.jsonl", "--model", "no-such-model");
    assertThat(model.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(model.err()).startsWith("embedkit: ").contains("x.txt").hasLineCount(1);

    Run metric = run("index", "build", "--in", "x", "--out", "y", "--type", "flat", "--metric", "hamming");
    assertThat(metric.err()).isEqualTo("embedkit: unknown metric 'hamming': expected one of cosine, dot, l2, l1\n");
  }

  @Test
  void aProgressBarGoesToStderrOnlyWhenAskedForOrOnATerminal() throws IOException {
    Path docs = tmp.resolve("many.txt");
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      lines.add("sentence number " + i);
    }
    Files.write(docs, lines);
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      Run quiet = run("embed", "text", "--in", docs.toString(), "--out", tmp.resolve("q.jsonl").toString());
      assertThat(quiet.exit()).isZero();
      assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("embed ");
      System.setProperty("embedkit.progress", "1");
      Run shown = run("embed", "text", "--in", docs.toString(), "--out", tmp.resolve("p.jsonl").toString());
      assertThat(shown.exit()).isZero();
    } finally {
      System.clearProperty("embedkit.progress");
      System.setErr(saved);
    }
    String bar = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(bar).contains("embed").contains("100%").contains("1500/1500");
  }

  @Test
  void searchPrintsJsonHitsAndPrefixesReachTheModel() throws Exception {
    Path docs = tmp.resolve("docs.txt");
    Files.writeString(docs, "Artificial intelligence is revolutionizing healthcare\nThe stock market fell today\n");
    Path jsonl = tmp.resolve("docs.jsonl");
    Path index = tmp.resolve("docs.idx");
    assertThat(run("embed", "text", "--in", docs.toString(), "--out", jsonl.toString()).exit()).isZero();
    assertThat(run("index", "build", "--in", jsonl.toString(), "--out", index.toString(), "--type", "flat").exit())
        .isZero();
    Run search = run("search", "--index", index.toString(), "--text", "AI in medicine", "--k", "2", "--json");
    assertThat(search.exit()).as(search.err()).isZero();
    com.google.gson.JsonArray hits = com.google.gson.JsonParser.parseString(search.out()).getAsJsonArray();
    assertThat(hits).hasSize(2);
    com.google.gson.JsonObject first = hits.get(0).getAsJsonObject();
    assertThat(first.get("rank").getAsInt()).isEqualTo(1);
    assertThat(first.get("id").getAsString()).isEqualTo("1");
    assertThat(first.get("score").getAsDouble()).isCloseTo(0.6249, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(first.get("distance").getAsDouble()).isCloseTo(1 - 0.6249, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(first.getAsJsonObject("metadata").get("text").getAsString())
        .isEqualTo("Artificial intelligence is revolutionizing healthcare");
    assertThat(hits.get(1).getAsJsonObject().get("rank").getAsInt()).isEqualTo(2);

    Path prefixed = tmp.resolve("prefixed.jsonl");
    assertThat(run("embed", "text", "--prefix", "query: ", "--in", docs.toString(), "--out", prefixed.toString())
        .exit()).isZero();
    Path withPrefixWritten = tmp.resolve("written.txt");
    Files.writeString(withPrefixWritten, "query: Artificial intelligence is revolutionizing healthcare\n");
    Path plain = tmp.resolve("plain.jsonl");
    assertThat(run("embed", "text", "--in", withPrefixWritten.toString(), "--out", plain.toString()).exit()).isZero();
    assertThat(VectorFiles.read(prefixed).vectors().get(0)).as("--prefix is put before every text")
        .containsExactly(VectorFiles.read(plain).vectors().get(0));
    assertThat(VectorFiles.read(prefixed).vectors().get(0)).isNotEqualTo(VectorFiles.read(jsonl).vectors().get(0));
    Run imagePrefix = run("embed", "image", "--model", "x", "--prefix", "p", "--in", docs.toString(), "--out",
        tmp.resolve("i.jsonl").toString());
    assertThat(imagePrefix.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(imagePrefix.err()).isEqualTo("embedkit: --prefix is for text models\n");
  }

  @Test
  void aHubLayoutFolderEmbedsWithItsVariantPickedByWeights() throws Exception {
    Path tiny = Path.of("..", "text-encoder", "src", "test", "resources", "tiny-bert").toAbsolutePath().normalize();
    Path hub = Files.createDirectories(tmp.resolve("hub").resolve("onnx")).getParent();
    Files.copy(tiny.resolve("tokenizer.json"), hub.resolve("tokenizer.json"));
    Files.copy(tiny.resolve("config.json"), hub.resolve("config.json"));
    Files.copy(tiny.resolve("model.onnx"), hub.resolve("onnx/model_quantized.onnx"));
    Files.copy(tiny.resolve("model.onnx"), hub.resolve("onnx/model_fp16.onnx"));
    Path docs = Files.writeString(tmp.resolve("docs.txt"), "a happy dog\nthe stock market\n");
    Run ambiguous = run("embed", "text", "--model", hub.toString(), "--in", docs.toString(), "--out",
        tmp.resolve("a.jsonl").toString());
    assertThat(ambiguous.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(ambiguous.err()).hasLineCount(1).contains("holds several model weights")
        .contains("[fp16, quantized] or a file name");
    Path fromHub = tmp.resolve("hub.jsonl");
    Run picked = run("embed", "text", "--model", hub.toString(), "--weights", "quantized", "--in", docs.toString(),
        "--out", fromHub.toString());
    assertThat(picked.exit()).as(picked.err()).isZero();
    Path fromFlat = tmp.resolve("flat.jsonl");
    assertThat(run("embed", "text", "--model", tiny.toString(), "--in", docs.toString(), "--out",
        fromFlat.toString()).exit()).isZero();
    for (int i = 0; i < 2; i++) {
      assertThat(VectorFiles.read(fromHub).vectors().get(i)).as("line " + (i + 1))
          .containsExactly(VectorFiles.read(fromFlat).vectors().get(i));
    }
  }
}
