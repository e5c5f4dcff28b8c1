package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.embedkit.cli.CliTest.Run;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.index.Indexes;
import io.embedkit.runtime.EmbeddedModel;
import io.embedkit.runtime.FakeHub;
import io.embedkit.runtime.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models as users find them, through the command line: a hub id served by a local stand-in for the hub, a folder
 * copied from the hub's layout, and model identity by content (same weights under another name are accepted;
 * other weights under the same name are refused unless mixing is asked for).
 */
class HubCliTest {
  static final String REPO = "sentence-transformers/all-MiniLM-L6-v2";

  @TempDir static Path tmp;
  static FakeHub hub;
  static Path docs;
  static Path embeddedJsonl;
  static Path embeddedIndex;
  static Path hubJsonl;

  /** A model folder as the hub lays it out: configuration at the top, weights in onnx/, no embedkit.json. */
  static Map<String, byte[]> hubLayout(String embeddedName) throws IOException {
    EmbeddedModel m = ModelSource.embeddedModels().get(embeddedName);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : m.files().entrySet()) {
      if (f.getKey().equals("embedkit.json")) {
        continue;
      }
      try (InputStream in = HubCliTest.class.getResourceAsStream(f.getValue())) {
        files.put(f.getKey().equals("model.onnx") ? "onnx/model.onnx" : f.getKey(), in.readAllBytes());
      }
    }
    files.put("README.md", "all-MiniLM-L6-v2\n".getBytes());
    return files;
  }

  static void write(Path dir, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
  }

  @BeforeAll
  static void serveAndEmbed() throws Exception {
    hub = new FakeHub(REPO, hubLayout("minilm"));
    System.setProperty("HF_ENDPOINT", hub.endpoint().toString());
    System.setProperty("HF_HUB_CACHE", tmp.resolve("hf-cache").toString());
    docs = tmp.resolve("docs.txt");
    Files.write(docs, DemoCommand.DOCUMENTS);
    embeddedJsonl = tmp.resolve("embedded.jsonl");
    Run e = CliTest.run("embed", "text", "--in", docs.toString(), "--out", embeddedJsonl.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    embeddedIndex = tmp.resolve("embedded.idx");
    Run b = CliTest.run("index", "build", "--in", embeddedJsonl.toString(), "--out", embeddedIndex.toString());
    assertThat(b.exit()).as(b.err()).isZero();
    hubJsonl = tmp.resolve("hub.jsonl");
    Run h = CliTest.run("embed", "text", "--model", "hf:" + REPO, "--in", docs.toString(), "--out",
        hubJsonl.toString());
    assertThat(h.exit()).as(h.err()).isZero();
  }

  @AfterAll
  static void stop() {
    hub.close();
    System.clearProperty("HF_ENDPOINT");
    System.clearProperty("HF_HUB_CACHE");
    System.clearProperty("HF_HUB_OFFLINE");
  }

  static List<String> ids(Run search) {
    List<String> out = new ArrayList<>();
    JsonArray a = JsonParser.parseString(search.out()).getAsJsonArray();
    a.forEach(e -> out.add(e.getAsJsonObject().get("id").getAsString()));
    return out;
  }

  @Test
  void aHubIdEmbedsTheSameVectorsAsTheEmbeddedCopyInOneSpace() throws IOException {
    VectorFiles.Labeled embedded = VectorFiles.read(embeddedJsonl);
    VectorFiles.Labeled fromHub = VectorFiles.read(hubJsonl);
    assertThat(fromHub.space().name()).isEqualTo(REPO);
    assertThat(embedded.space().name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(fromHub.space().fingerprint()).startsWith("sha256:").isEqualTo(embedded.space().fingerprint());
    for (int i = 0; i < embedded.vectors().size(); i++) {
      assertThat(fromHub.vectors().get(i)).containsExactly(embedded.vectors().get(i));
    }
    Path snapshot = tmp.resolve("hf-cache").resolve("models--sentence-transformers--all-MiniLM-L6-v2")
        .resolve("snapshots").resolve(FakeHub.COMMIT);
    assertThat(snapshot.resolve("onnx/model.onnx")).exists();
    assertThat(snapshot.resolve("README.md")).doesNotExist();
  }

  @Test
  void aHubIdSearchesAnIndexTheEmbeddedModelBuiltAndWorksOfflineOnceFetched() {
    Run embedded = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "a pet animal", "--json");
    assertThat(embedded.exit()).as(embedded.err()).isZero();
    Run viaHub = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "a pet animal", "--json",
        "--model", "hf:" + REPO);
    assertThat(viaHub.exit()).as(viaHub.err()).isZero();
    assertThat(viaHub.out()).isEqualTo(embedded.out());

    System.setProperty("HF_HUB_OFFLINE", "1");
    try {
      int served = hub.requests().size();
      Run offline = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "a pet animal", "--json",
          "--model", REPO); // a plain ORG/NAME that is no local folder is a hub id too
      assertThat(offline.exit()).as(offline.err()).isZero();
      assertThat(offline.out()).isEqualTo(embedded.out());
      assertThat(hub.requests()).hasSize(served);
    } finally {
      System.clearProperty("HF_HUB_OFFLINE");
    }
  }

  @Test
  void aFolderCopiedFromTheHubLayoutIsTheSameModelUnderAnotherName() throws Exception {
    Path folder = tmp.resolve("my-minilm");
    write(folder, hubLayout("minilm"));
    Path out = tmp.resolve("folder.jsonl");
    Run e = CliTest.run("embed", "text", "--model", folder.toString(), "--in", docs.toString(), "--out",
        out.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    EmbeddingSpace space = VectorFiles.read(out).space();
    assertThat(space.name()).isNotEqualTo("all-MiniLM-L6-v2");
    assertThat(space.fingerprint()).isEqualTo(VectorFiles.read(embeddedJsonl).space().fingerprint());

    Run embedded = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "weather", "--json");
    Run search = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "weather", "--json",
        "--model", folder.toString());
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(ids(search)).isEqualTo(ids(embedded)).isNotEmpty();

    // vectors of both copies go into one index: one space
    Path both = tmp.resolve("both.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(embeddedJsonl));
    Files.readAllLines(out).forEach(l -> lines.add(l.replace("{\"id\":\"", "{\"id\":\"copy-")));
    Files.write(both, lines);
    Run build = CliTest.run("index", "build", "--in", both.toString(), "--out", tmp.resolve("both.idx").toString());
    assertThat(build.exit()).as(build.err()).isZero();
  }

  @Test
  void otherWeightsUnderTheSameNameAreRefusedNamingBothUnlessMixingIsAsked() throws Exception {
    Path impostor = tmp.resolve("impostor");
    Map<String, byte[]> files = hubLayout("minilm-q"); // int8 weights, same dimension
    files.put("embedkit.json", "{\"space\": \"all-MiniLM-L6-v2\"}".getBytes());
    write(impostor, files);
    byte[] before = Files.readAllBytes(embeddedIndex);
    Run r = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "weather", "--model",
        impostor.toString());
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    String fp = VectorFiles.read(embeddedJsonl).space().fingerprint();
    assertThat(r.err()).hasLineCount(1).startsWith("embedkit: index " + embeddedIndex + ": ")
        .contains("space 'all-MiniLM-L6-v2' (dimension 384, normalized, COSINE, model sha256:")
        .contains("for an index of space 'all-MiniLM-L6-v2' (dimension 384, normalized, COSINE, model "
            + fp.substring(0, "sha256:".length() + 12) + ")")
        .endsWith("or pass --allow-space-mismatch to mix on purpose\n");
    assertThat(Files.readAllBytes(embeddedIndex)).isEqualTo(before);

    Run allowed = CliTest.run("search", "--index", embeddedIndex.toString(), "--text", "weather", "--json",
        "--model", impostor.toString(), "--allow-space-mismatch");
    assertThat(allowed.exit()).as(allowed.err()).isZero();
    assertThat(ids(allowed)).hasSize(DemoCommand.DOCUMENTS.size() < 10 ? DemoCommand.DOCUMENTS.size() : 10);

    // the int8 embedded model is another space than fp32's: no mixing in one index unless asked
    Path q = tmp.resolve("q.jsonl");
    Run eq = CliTest.run("embed", "text", "--model", "minilm-q", "--in", docs.toString(), "--out", q.toString());
    assertThat(eq.exit()).as(eq.err()).isZero();
    Path mixed = tmp.resolve("mixed.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(embeddedJsonl));
    Files.readAllLines(q).forEach(l -> lines.add(l.replace("{\"id\":\"", "{\"id\":\"q-")));
    Files.write(mixed, lines);
    Run refused = CliTest.run("index", "build", "--in", mixed.toString(), "--out", tmp.resolve("mixed.idx").toString());
    assertThat(refused.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(refused.err()).hasLineCount(1).contains("embed all items with one model");
    assertThat(tmp.resolve("mixed.idx")).doesNotExist();
    Run mix = CliTest.run("index", "build", "--in", mixed.toString(), "--out", tmp.resolve("mixed.idx").toString(),
        "--allow-space-mismatch");
    assertThat(mix.exit()).as(mix.err()).isZero();
  }

  @Test
  void indexesKeepTheFingerprintAndFilesWithoutOneMatchByName() throws Exception {
    String fp = VectorFiles.read(embeddedJsonl).space().fingerprint();
    try (var index = Indexes.load(embeddedIndex)) {
      assertThat(index.space()).hasValueSatisfying(s -> assertThat(s.fingerprint()).isEqualTo(fp));
    }
    // vectors written before fingerprints existed: the name decides, as it did
    Path old = tmp.resolve("old.jsonl");
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(embeddedJsonl)) {
      lines.add(l.replaceAll(",\"fingerprint\":\"sha256:[0-9a-f]{64}\"", ""));
    }
    assertThat(String.join("\n", lines)).doesNotContain("fingerprint");
    Files.write(old, lines);
    Path oldIndex = tmp.resolve("old.idx");
    assertThat(CliTest.run("index", "build", "--in", old.toString(), "--out", oldIndex.toString()).exit()).isZero();
    Run byName = CliTest.run("search", "--index", oldIndex.toString(), "--text", "weather");
    assertThat(byName.exit()).as(byName.err()).isZero();
    Run otherName = CliTest.run("search", "--index", oldIndex.toString(), "--text", "weather", "--model",
        "hf:" + REPO);
    assertThat(otherName.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(otherName.err()).contains("'" + REPO + "'").contains("'all-MiniLM-L6-v2'");
  }

  @Test
  void hubErrorsAreOneLine() {
    Path out = tmp.resolve("never.jsonl");
    Run missing = CliTest.run("embed", "text", "--model", "hf:acme/no-such-model", "--in", docs.toString(), "--out",
        out.toString());
    assertThat(missing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(missing.err()).isEqualTo("embedkit: hf:acme/no-such-model@main: repository not found on "
        + hub.endpoint() + " (404)\n");
    Run revision = CliTest.run("embed", "text", "--model", "hf:" + REPO + "@v9", "--in", docs.toString(), "--out",
        out.toString());
    assertThat(revision.err()).isEqualTo("embedkit: hf:" + REPO + "@v9: revision 'v9' not found in the repository\n");
    Run typo = CliTest.run("embed", "text", "--model", "acme/no-such-model", "--in", docs.toString(), "--out",
        out.toString());
    assertThat(typo.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(typo.err()).isEqualTo("embedkit: model 'acme/no-such-model': no such folder or file ("
        + Path.of("acme/no-such-model").toAbsolutePath() + "), and as a hub id: hf:acme/no-such-model@main:"
        + " repository not found on " + hub.endpoint() + " (404)\n");
    assertThat(out).doesNotExist();
  }

  static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
