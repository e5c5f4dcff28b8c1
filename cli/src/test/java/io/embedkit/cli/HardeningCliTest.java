package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.cli.CliTest.Run;
import io.embedkit.index.Indexes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line: every case is refused in one line on stderr with exit 1, and nothing
 * already stored is replaced, truncated or silently changed.
 */
class HardeningCliTest {
  @TempDir static Path tmp;
  static Path vectors;

  @BeforeAll
  static void embed() throws IOException {
    Path docs = Files.write(tmp.resolve("docs.txt"), List.of("one", "two", "three", "four", "five"));
    vectors = tmp.resolve("docs.jsonl");
    Run r = CliTest.run("embed", "text", "--in", docs.toString(), "--out", vectors.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  static void failsInOneLine(Run r, String... parts) {
    assertThat(r.exit()).as(r.err()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).hasLineCount(1).startsWith("embedkit: ").contains(parts);
  }

  @Test
  void aRepeatedIdIsRefusedNamingBothLinesUnlessAChoiceIsGiven() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(vectors));
    lines.add(lines.get(0).replace("\"text\":\"one\"", "\"text\":\"again\""));
    Path dup = Files.write(tmp.resolve("dup.jsonl"), lines);
    Path index = tmp.resolve("dup.idx");
    failsInOneLine(CliTest.run("index", "build", "--in", dup.toString(), "--out", index.toString()),
        "id '1' is on line 1 and again on line 6", "--on-duplicate first|last");
    assertThat(index).doesNotExist();
    assertThat(CliTest.run("index", "build", "--in", dup.toString(), "--out", index.toString(), "--on-duplicate",
        "last").exit()).isZero();
    try (var loaded = Indexes.load(index)) {
      assertThat(loaded.size()).isEqualTo(5);
      assertThat(loaded.search(new float[384], 5).stream().filter(h -> h.id().equals("1")).findFirst().orElseThrow()
          .metadata()).containsEntry("text", "again");
    }
    assertThat(CliTest.run("index", "build", "--in", dup.toString(), "--out", index.toString(), "--on-duplicate",
        "first").exit()).isZero();
    try (var loaded = Indexes.load(index)) {
      assertThat(loaded.search(new float[384], 5).stream().filter(h -> h.id().equals("1")).findFirst().orElseThrow()
          .metadata()).containsEntry("text", "one");
    }
  }

  @Test
  void theInputIsNeverTheOutput() throws IOException {
    Path copy = Files.copy(vectors, tmp.resolve("same.jsonl"));
    byte[] before = Files.readAllBytes(copy);
    failsInOneLine(CliTest.run("index", "build", "--in", copy.toString(), "--out", copy.toString()),
        "is the --in file");
    Path text = Files.write(tmp.resolve("same-text.jsonl"), List.of("a line"));
    failsInOneLine(CliTest.run("embed", "text", "--in", text.toString(), "--out", text.toString()),
        "is also an input");
    assertThat(Files.readAllBytes(copy)).isEqualTo(before);
    assertThat(Files.readAllLines(text)).containsExactly("a line");
  }

  @Test
  void dimensionsBeyondTheMaximumAreRefusedAtEveryEntry() throws IOException {
    StringBuilder big = new StringBuilder("{\"id\":\"x\",\"vector\":[");
    for (int i = 0; i < 20_000; i++) {
      big.append(i == 0 ? "" : ",").append("0.5");
    }
    Path jsonl = Files.writeString(tmp.resolve("big.jsonl"), big.append("]}\n"));
    failsInOneLine(CliTest.run("index", "build", "--in", jsonl.toString(), "--out", tmp.resolve("b.idx").toString(),
        "--type", "flat"), "line 1 has a vector of 20000 numbers; dimensions are 1 to 16384");
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * 20_000).order(ByteOrder.LITTLE_ENDIAN).putInt(20_000);
    Path fvecs = Files.write(tmp.resolve("big.fvecs"), b.array());
    failsInOneLine(CliTest.run("index", "build", "--in", fvecs.toString(), "--out", tmp.resolve("b.idx").toString()),
        "row 0 has dimension 20000; dimensions are 1 to 16384");
    Path huge = Files.write(tmp.resolve("huge.fvecs"), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(2_000_000).array());
    failsInOneLine(CliTest.run("index", "build", "--in", huge.toString(), "--out", tmp.resolve("b.idx").toString()),
        "row 0 has dimension 2000000");
    assertThat(tmp.resolve("b.idx")).doesNotExist();
  }

  @Test
  void textIsReadLineByLineWithinLimits() throws IOException {
    Path out = tmp.resolve("kept.jsonl");
    Files.copy(vectors, out);
    byte[] before = Files.readAllBytes(out);
    Path longLine = tmp.resolve("long.txt");
    Files.writeString(longLine, "short\n" + "x".repeat(TextLines.MAX_TEXT_LINE + 1) + "\nafter\n");
    failsInOneLine(CliTest.run("embed", "text", "--in", longLine.toString(), "--out", out.toString()),
        longLine + ": line 2 is longer than 1048576 characters");
    failsInOneLine(CliTest.run("embed", "text", "--in", "/dev/zero", "--out", out.toString()),
        "/dev/zero: line 1 is longer than 1048576 characters");
    Path latin1 = tmp.resolve("latin1.txt");
    Files.write(latin1, "caf\u00e9 ok\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
    failsInOneLine(CliTest.run("embed", "text", "--in", latin1.toString(), "--out", out.toString()),
        latin1 + ": line 1 is not valid UTF-8 text");
    Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
    failsInOneLine(CliTest.run("embed", "text", "--in", empty.toString(), "--out", out.toString()),
        "no text to embed");
    assertThat(Files.readAllBytes(out)).as("the existing output is untouched").isEqualTo(before);
    failsInOneLine(CliTest.run("embed", "text", "--in", tmp.toString(), "--out", out.toString()),
        tmp + " is a folder, not a file");
    failsInOneLine(CliTest.run("index", "build", "--in", tmp.toString(), "--out", tmp.resolve("x.idx").toString()),
        tmp + " is a folder, not a file");
  }

  @Test
  void textStreamsInChunksWithTheSameVectorsAndLineIds() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < EmbedCommand.CHUNK + 5; i++) {
      lines.add(i % 7 == 0 ? "a much longer line number " + i + " about weather and storms" : "line " + i);
    }
    Path many = Files.write(tmp.resolve("many.txt"), lines);
    Path out = tmp.resolve("missing").resolve("dir").resolve("many.fvecs"); // folders are created
    Run r = CliTest.run("embed", "text", "--in", many.toString(), "--out", out.toString(), "--batch", "64");
    assertThat(r.exit()).as(r.err()).isZero();
    List<float[]> streamed = VectorFiles.readFvecs(out);
    assertThat(streamed).hasSize(lines.size());
    Path few = Files.write(tmp.resolve("few.txt"), List.of(lines.get(7), lines.get(EmbedCommand.CHUNK + 4)));
    Path fewOut = tmp.resolve("few.jsonl");
    assertThat(CliTest.run("embed", "text", "--in", few.toString(), "--out", fewOut.toString()).exit()).isZero();
    VectorFiles.Labeled alone = VectorFiles.read(fewOut);
    assertThat(streamed.get(7)).containsExactly(alone.vectors().get(0), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(streamed.get(EmbedCommand.CHUNK + 4)).containsExactly(alone.vectors().get(1),
        org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(alone.ids()).containsExactly("1", "2");
  }

  @Test
  void modelSettingsOfTheWrongTypeOrSizeAreRefusedNamingTheFile() throws IOException {
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.copy(ImageCliTest.FIXTURES.resolve("images/rgb.png"), images.resolve("rgb.png"));
    Path yes = copyResnet("resnet-yes");
    Files.writeString(yes.resolve("embedkit.json"), "{\"normalize\": \"yes\"}");
    failsInOneLine(CliTest.run("embed", "image", "--in", images.toString(), "--out", tmp.resolve("i.jsonl").toString(),
        "--model", yes.toString()), "embedkit.json: \"normalize\" must be true or false, was \"yes\"");
    Path crop = copyResnet("resnet-crop");
    String cfg = Files.readString(crop.resolve("preprocessor_config.json"))
        .replaceAll("\"crop_size\": \\{[^}]*\\}", "\"crop_size\": {\"height\": 100000, \"width\": 100000}");
    assertThat(cfg).contains("100000");
    Files.writeString(crop.resolve("preprocessor_config.json"), cfg);
    failsInOneLine(CliTest.run("embed", "image", "--in", images.toString(), "--out", tmp.resolve("i.jsonl").toString(),
        "--model", crop.toString()), "image sizes are at most 4096 pixels a side, was 100000");
  }

  private static Path copyResnet(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (String f : List.of("model.onnx", "preprocessor_config.json")) {
      Files.copy(ImageCliTest.FIXTURES.resolve("tiny-resnet").resolve(f), dir.resolve(f));
    }
    return dir;
  }

  @Test
  void aRemoteModelWhileOfflineFailsBeforeAnyLookup() {
    failsInOneLine(CliTest.run("embed", "text", "--in", vectors.toString(), "--out", tmp.resolve("r.jsonl").toString(),
        "--model", "https://models.invalid/m.zip"), "not fetched: ai.djl.offline=true keeps embedkit offline");
  }

  @Test
  void runningOutOfMemoryIsOneLineSayingWhatToChange() throws Exception {
    int rows = 60_000;
    ByteBuffer b = ByteBuffer.allocate(rows * (4 + 4 * 256)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows; i++) {
      b.putInt(256);
      for (int d = 0; d < 256; d++) {
        b.putFloat((i * 31 + d) % 97 / 97f);
      }
    }
    Path fvecs = Files.write(tmp.resolve("oom.fvecs"), b.array()); // 61 MB of vectors for a 40 MB heap
    Path err = tmp.resolve("oom.err");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx40m",
        "-cp", System.getProperty("java.class.path"), EmbedkitCli.class.getName(), "index", "build", "--in",
        fvecs.toString(), "--out", tmp.resolve("oom.idx").toString())
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr;
    try (Stream<String> s = Files.lines(err)) {
      stderr = String.join("\n", s.filter(l -> !l.contains("WARN")).toList());
    }
    assertThat(p.exitValue()).as(stderr).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(stderr).doesNotContain("\tat ").startsWith("embedkit: out of memory (")
        .containsPattern("[0-9]+ MB allowed").contains("EMBEDKIT_JAVA_OPTS=-Xmx8g");
    assertThat(stderr.lines().count()).isEqualTo(1);
    assertThat(tmp.resolve("oom.idx")).doesNotExist();
  }

  /**
   * ONNX Runtime's own log lines (ANSI-coloured, written by native code straight to the process's stderr) are
   * dropped by the launcher's filter, {@code tools/launcher/stderr-filter.sed}; the error itself is one line.
   */
  @Test
  void aNativeErrorIsOneLineWithoutColoursThroughTheLaunchersFilter() throws Exception {
    Path mismatch = Files.createDirectories(tmp.resolve("mismatch"));
    Files.copy(ImageCliTest.FIXTURES.resolve("tiny-clip/text_model.onnx"), mismatch.resolve("model.onnx"));
    try (var in = HardeningCliTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, mismatch.resolve("tokenizer.json")); // 30,522 ids for a model that knows 20
    }
    Path raw = tmp.resolve("native.err");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        EmbedkitCli.class.getName(), "embed", "text", "--model", mismatch.toString(), "--in", vectors.toString(),
        "--out", tmp.resolve("n.jsonl").toString())
        .redirectError(raw.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(Files.readString(raw)).as("what the JVM and ONNX Runtime print by themselves")
        .contains("\u001b[").contains("[E:onnxruntime:").contains("Using incubator modules");
    Path filter = Path.of("..", "tools", "launcher", "stderr-filter.sed").toAbsolutePath().normalize();
    Process sed = new ProcessBuilder("sed", "-E", "-f", filter.toString(), raw.toString()).start();
    String filtered = new String(sed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> lines = filtered.lines().filter(l -> !l.contains(" WARN ai.djl") // DJL's CUDA notice, and SLF4J's
        && !l.startsWith("SLF4J(")).toList(); // about the test class path's two providers (not the tool's)
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("embedkit: model ").contains("different vocabularies")
        .doesNotContain("\u001b");
  }
}
