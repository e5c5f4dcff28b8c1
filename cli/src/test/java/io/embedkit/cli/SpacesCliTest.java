package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.cli.CliTest.Run;
import io.embedkit.index.Indexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's space travels from embed to index build to search; mixing models fails and overwrites nothing. */
class SpacesCliTest {
  static final Path CLIP = ImageCliTest.FIXTURES.resolve("tiny-clip");

  @TempDir static Path tmp;
  static Path minilmJsonl;
  static Path minilmIndex;
  static Path clipJsonl;

  @BeforeAll
  static void embedWithTwoModels() throws Exception {
    Path docs = tmp.resolve("docs.txt");
    Files.write(docs, DemoCommand.DOCUMENTS);
    minilmJsonl = tmp.resolve("minilm.jsonl");
    assertThat(CliTest.run("embed", "text", "--in", docs.toString(), "--out", minilmJsonl.toString()).exit()).isZero();
    minilmIndex = tmp.resolve("minilm.idx");
    assertThat(CliTest.run("index", "build", "--in", minilmJsonl.toString(), "--out", minilmIndex.toString()).exit())
        .isZero();
    clipJsonl = tmp.resolve("clip.jsonl");
    Run clip = CliTest.run("embed", "text", "--model", CLIP.toString(), "--in", docs.toString(), "--out",
        clipJsonl.toString());
    assertThat(clip.exit()).as(clip.err()).isZero();
  }

  @Test
  void theIndexKnowsItsModel() throws Exception {
    assertThat(VectorFiles.read(minilmJsonl).space().name()).isEqualTo("all-MiniLM-L6-v2");
    try (var index = Indexes.load(minilmIndex)) {
      assertThat(index.space()).hasValueSatisfying(s -> {
        assertThat(s.name()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(s.dimension()).isEqualTo(384);
        assertThat(s.normalized()).isTrue();
      });
    }
  }

  @Test
  void searchingWithAnotherModelFailsNamingBoth() {
    Run r = CliTest.run("search", "--index", minilmIndex.toString(), "--text", "AI", "--model", CLIP.toString());
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).hasLineCount(1).startsWith("embedkit: index " + minilmIndex + ": ")
        .containsPattern("encoder of space 'embedkit/tiny-clip' \\(dimension 16, normalized, COSINE, model"
            + " sha256:[0-9a-f]{12}\\)")
        .containsPattern("for an index of space 'all-MiniLM-L6-v2' \\(dimension 384, normalized, COSINE, model"
            + " sha256:[0-9a-f]{12}\\)")
        .endsWith("; search with the --model that built it\n");
  }

  @Test
  void mixingModelsInOneIndexFailsAndLeavesTheOldIndex() throws Exception {
    Path mixed = tmp.resolve("mixed.jsonl");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(minilmJsonl));
    lines.add(Files.readAllLines(clipJsonl).get(0).replace("\"id\":\"1\"", "\"id\":\"clip-1\""));
    Files.write(mixed, lines);
    Path index = tmp.resolve("kept.idx");
    Files.copy(minilmIndex, index);
    byte[] before = Files.readAllBytes(index);
    Run r = CliTest.run("index", "build", "--in", mixed.toString(), "--out", index.toString());
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).hasLineCount(1).contains("line 6 holds a vector of space").contains("line 1 of space")
        .contains("embed all items with one model");
    assertThat(Files.readAllBytes(index)).isEqualTo(before);
  }

  @Test
  void unknownModelsAndMissingFoldersAreNamed() throws Exception {
    Path docs = tmp.resolve("docs.txt");
    Path out = tmp.resolve("never.jsonl");
    Run r = CliTest.run("embed", "text", "--in", docs.toString(), "--out", out.toString(), "--model", "no-such-model");
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).hasLineCount(1).contains("no-such-model").contains("minilm");
    Run folder = CliTest.run("embed", "image", "--in", docs.toString(), "--out", out.toString(), "--model",
        tmp.resolve("no-folder").toString());
    assertThat(folder.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(folder.err()).hasLineCount(1).contains("no-folder");
    assertThat(out).doesNotExist();
  }
}
