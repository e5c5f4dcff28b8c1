package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
  @TempDir Path tmp;
  private String previousCache;

  @BeforeEach
  void useTemporaryCache() {
    previousCache = System.getProperty(ModelSource.CACHE_DIR_PROPERTY);
    System.setProperty(ModelSource.CACHE_DIR_PROPERTY, tmp.resolve("cache").toString());
  }

  @AfterEach
  void restoreCache() {
    if (previousCache == null) {
      System.clearProperty(ModelSource.CACHE_DIR_PROPERTY);
    } else {
      System.setProperty(ModelSource.CACHE_DIR_PROPERTY, previousCache);
    }
  }

  private Path modelFolder() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("my-model"));
    Files.writeString(dir.resolve("model.onnx"), "w");
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    return dir;
  }

  @Test
  void parseTellsKindsApartBySyntaxAndBySwhatExists() throws IOException {
    Path dir = modelFolder();
    assertThat(ModelSource.parse(dir.toString()).kind()).isEqualTo(ModelSource.Kind.DIRECTORY);
    assertThat(ModelSource.parse(dir.resolve("model.onnx").toString()).kind()).isEqualTo(ModelSource.Kind.FILE);
    assertThat(ModelSource.parse("classpath:/test-models/tiny").kind()).isEqualTo(ModelSource.Kind.CLASSPATH);
    assertThat(ModelSource.parse("djl://ai.djl.huggingface.pytorch/sentence-transformers/all-MiniLM-L6-v2")
        .kind()).isEqualTo(ModelSource.Kind.URL);
    assertThat(ModelSource.parse("Tiny-Test")).isEqualTo(ModelSource.embedded("tiny-test"));
  }

  @Test
  void parseListsEverythingItTriedForAnUnknownName() {
    assertThatThrownBy(() -> ModelSource.parse("nosuchmodel"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model 'nosuchmodel' not found: it is no folder or file (looked at ")
        .hasMessageEndingWith("), no embedded model (known: broken-test, tiny-test), no classpath:/resource,"
            + " no hub id (hf:ORG/NAME) and no URL (djl://, https://, file://)");
  }

  @Test
  void directoryAndFileResolveInPlaceAndFindTheirFiles() throws IOException {
    Path dir = modelFolder();
    ResolvedModel m = ModelSource.directory(dir).resolve();
    assertThat(m.directory()).isEqualTo(dir);
    assertThat(m.file("tokenizer.json")).contains(dir.resolve("tokenizer.json"));
    assertThat(m.requireOneOf("weights", "model.pt", "model.onnx")).isEqualTo(dir.resolve("model.onnx"));
    ResolvedModel f = ModelSource.file(dir.resolve("model.onnx")).resolve();
    assertThat(f.directory()).isEqualTo(dir);
    assertThat(f.requireOneOf("weights", "model.onnx")).isEqualTo(dir.resolve("model.onnx"));
  }

  @Test
  void missingFilesAreNamedWithWhatTheFolderHolds() throws IOException {
    Path dir = modelFolder();
    assertThatThrownBy(() -> ModelSource.directory(dir).resolve().requireOneOf("weights", "model.pt"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model directory:" + dir + ": no weights file [model.pt] in " + dir
            + " (it holds [model.onnx, tokenizer.json])");
    assertThatThrownBy(() -> ModelSource.directory(tmp.resolve("absent")).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model folder " + tmp.resolve("absent").toAbsolutePath() + " does not exist");
    assertThatThrownBy(() -> ModelSource.file(dir).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model file " + dir.toAbsolutePath() + " is a folder, not a file");
  }

  @Test
  void embeddedModelsAreUnpackedOnceIntoTheCache() throws IOException {
    ResolvedModel m = ModelSource.embedded("tiny-test").resolve();
    assertThat(m.directory()).isEqualTo(tmp.resolve("cache").resolve("embedded").resolve("tiny-test"));
    assertThat(Files.readString(m.requireOneOf("weights", "model.onnx"))).isEqualTo("weights");
    assertThat(Files.readString(m.directory().resolve("tokenizer.json"))).isEqualTo("{\"version\":\"1.0\"}");
    // a second source unpacks nothing new: the marked folder is reused as it is
    Files.writeString(m.directory().resolve("model.onnx"), "kept");
    ResolvedModel again = ModelSource.embedded("tiny-test").resolve();
    assertThat(Files.readString(again.directory().resolve("model.onnx"))).isEqualTo("kept");
  }

  @Test
  void embeddedModelErrorsNameTheResourceAndTheArtifact() {
    assertThatThrownBy(() -> ModelSource.embedded("broken-test").resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("embedded model 'broken-test': classpath resource /no/such/resource.onnx not found;"
            + " add org.example:missing:1.0 to the classpath");
    assertThatThrownBy(() -> ModelSource.embedded("nope").resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("no embedded model named 'nope' (known: broken-test, tiny-test)");
    assertThat(tmp.resolve("cache").resolve("embedded").resolve("broken-test")).doesNotExist();
  }

  @Test
  void classpathFoldersAndFilesInsideJarsResolve() throws IOException {
    ResolvedModel folder = ModelSource.classpath("/test-models/tiny").resolve();
    assertThat(folder.file("model.onnx")).isPresent();
    // a resource inside a jar is copied into the cache
    ResolvedModel inJar = ModelSource.classpath("/com/google/inject/Guice.class").resolve();
    assertThat(inJar.path()).startsWith(tmp.resolve("cache"));
    assertThat(Files.size(inJar.path())).isPositive();
    assertThatThrownBy(() -> ModelSource.classpath("/no/such").resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("classpath resource /no/such not found");
  }

  @Test
  void urlsResolveThroughDjlRepositoriesToALocalCopy() throws IOException {
    Path dir = modelFolder();
    ResolvedModel m = ModelSource.url(dir.toUri().toString()).resolve();
    assertThat(m.file("tokenizer.json")).isPresent();
    assertThat(m.requireOneOf("weights", "model.onnx")).hasFileName("model.onnx");
  }

  @Test
  void anUnreachableUrlFailsWithTheUrlAndTheOfflineHint() {
    String url = "djl://ai.djl.huggingface.pytorch/sentence-transformers/all-MiniLM-L6-v2";
    assertThatThrownBy(() -> ModelSource.url(url).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model URL " + url + ": ")
        .hasMessageContaining("ai.djl.offline=true");
  }

  @Test
  void resolveIsCached() throws IOException {
    ModelSource s = ModelSource.directory(modelFolder());
    assertThat(s.resolve()).isSameAs(s.resolve());
  }
}
