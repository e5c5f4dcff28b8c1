package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub ids against a local stand-in for the hub: cache layout, fetching only what is used, resume, checks, errors. */
class HubClientTest {
  private static final String REPO = "acme/tiny-embedder";

  @TempDir Path tmp;
  private FakeHub hub;
  private Map<String, byte[]> files;
  private Path cache;

  @BeforeEach
  void startHub() throws IOException {
    files = new LinkedHashMap<>();
    files.put("README.md", "# tiny\n".getBytes());
    files.put("config.json", "{\"_name_or_path\": \"tiny\"}".getBytes());
    files.put("tokenizer.json", resource("/test-models/tiny/tokenizer.json"));
    files.put("1_Pooling/config.json", "{\"pooling_mode_mean_tokens\": true}".getBytes());
    byte[] weights = new byte[200_000];
    new java.util.Random(42).nextBytes(weights);
    files.put("onnx/model.onnx", weights);
    byte[] quantized = new byte[5000];
    quantized[0] = 7;
    files.put("onnx/model_quantized.onnx", quantized);
    hub = new FakeHub(REPO, files);
    cache = tmp.resolve("hub-cache");
    System.setProperty("HF_ENDPOINT", hub.endpoint().toString());
    System.setProperty("HF_HUB_CACHE", cache.toString());
  }

  @AfterEach
  void stopHub() {
    hub.close();
    System.clearProperty("HF_ENDPOINT");
    System.clearProperty("HF_HUB_CACHE");
    System.clearProperty("HF_HUB_OFFLINE");
    System.clearProperty("HF_TOKEN");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = HubClientTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private HubClient client() {
    return new HubClient(HubSettings.fromEnvironment());
  }

  private Path repoDir() {
    return cache.resolve("models--acme--tiny-embedder");
  }

  @Test
  void settingsComeFromPropertiesOrTheEnvironmentWithTheHubsDefaults() {
    assertThat(HubSettings.fromEnvironment().endpoint()).isEqualTo(hub.endpoint());
    assertThat(HubSettings.fromEnvironment().cache()).isEqualTo(cache);
    System.clearProperty("HF_HUB_CACHE");
    System.setProperty("HF_HOME", tmp.resolve("home").toString());
    try {
      assertThat(HubSettings.fromEnvironment().cache()).isEqualTo(tmp.resolve("home").resolve("hub"));
    } finally {
      System.clearProperty("HF_HOME");
    }
    System.setProperty("HF_HUB_OFFLINE", "1");
    assertThat(HubSettings.fromEnvironment().offline()).isTrue();
    System.setProperty("HF_HUB_OFFLINE", "0");
    assertThat(HubSettings.fromEnvironment().offline()).isFalse();
    assertThat(new HubSettings(URI.create("https://hub.example/"), " ", false, cache))
        .satisfies(s -> assertThat(s.endpoint()).hasToString("https://hub.example"))
        .satisfies(s -> assertThat(s.token()).isNull());
  }

  @Test
  void hubIdsParse() {
    assertThat(ModelSource.parse("hf:acme/tiny-embedder").kind()).isEqualTo(ModelSource.Kind.HUB);
    assertThat(ModelSource.parse("hf:acme/tiny-embedder@v1.0")).hasToString("hf:acme/tiny-embedder@v1.0");
    assertThat(ModelSource.parse("acme/tiny-embedder").kind()).isEqualTo(ModelSource.Kind.HUB);
    assertThat(ModelSource.isHub(tmp.toString())).isFalse();
    assertThatThrownBy(() -> ModelSource.parse("hf:no-slash")).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("expected hf:ORG/NAME");
    assertThatThrownBy(() -> ModelSource.parse("hf:../etc")).isInstanceOf(ModelLoadException.class);
  }

  @Test
  void aLocalFolderNamedLikeARepositoryIsTheFolder() {
    assertThat(Path.of("src/test")).isDirectory(); // relative to the module, the working folder of tests
    assertThat(ModelSource.isHub("src/test")).isFalse();
    assertThat(ModelSource.parse("src/test").kind()).isEqualTo(ModelSource.Kind.DIRECTORY);
    assertThat(ModelSource.isHub("hf:src/test")).isTrue();
  }

  @Test
  void openingARepositoryFetchesConfigurationIntoTheHubCacheLayoutAndWeightsOnlyWhenPicked() throws IOException {
    ResolvedModel model = ModelSource.parse("hf:" + REPO).resolve();
    Path snapshot = repoDir().resolve("snapshots").resolve(FakeHub.COMMIT);
    assertThat(model.directory()).isEqualTo(snapshot);
    assertThat(Files.readString(repoDir().resolve("refs").resolve("main"))).isEqualTo(FakeHub.COMMIT);
    Path tokenizer = snapshot.resolve("tokenizer.json");
    assertThat(Files.isSymbolicLink(tokenizer)).isTrue();
    assertThat(Files.readSymbolicLink(tokenizer).toString())
        .isEqualTo("../../blobs/" + FakeHub.gitBlobId(files.get("tokenizer.json")));
    assertThat(Files.readAllBytes(tokenizer)).isEqualTo(files.get("tokenizer.json"));
    assertThat(Files.readAllBytes(snapshot.resolve("1_Pooling/config.json")))
        .isEqualTo(files.get("1_Pooling/config.json"));
    assertThat(snapshot.resolve("README.md")).doesNotExist();
    assertThat(snapshot.resolve("onnx")).doesNotExist();
    assertThat(model.hasWeights("model")).isTrue();

    ModelEngine.Weights w = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, null);
    assertThat(w.file()).isEqualTo(snapshot.resolve("onnx/model.onnx"));
    assertThat(Files.readAllBytes(w.file())).isEqualTo(files.get("onnx/model.onnx"));
    assertThat(Files.readSymbolicLink(w.file()).toString())
        .isEqualTo("../../../blobs/" + FakeHub.sha256(files.get("onnx/model.onnx")));
    assertThat(snapshot.resolve("onnx/model_quantized.onnx")).doesNotExist();
    assertThat(hub.requests()).noneMatch(r -> r.contains("model_quantized") || r.contains("README"));

    ModelEngine.Weights q = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, "quantized");
    assertThat(Files.readAllBytes(q.file())).isEqualTo(files.get("onnx/model_quantized.onnx"));
    try (Stream<Path> s = Files.list(repoDir().resolve("blobs"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
    }
  }

  @Test
  void nothingIsFetchedTwiceAndACachedRepositoryIsUsedOffline() {
    ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, null);
    int before = hub.requests().size();
    ModelEngine.Weights again = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, null);
    List<String> second = hub.requests().subList(before, hub.requests().size());
    assertThat(second).containsExactly("GET /api/models/" + REPO + "/revision/" + FakeHub.COMMIT);

    System.setProperty("HF_HUB_OFFLINE", "1");
    int online = hub.requests().size();
    ModelEngine.Weights offline = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, null);
    assertThat(offline.file()).isEqualTo(again.file());
    assertThat(hub.requests()).hasSize(online);
    assertThatThrownBy(() -> ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, "quantized"))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("no model weights of variant 'quantized'");

    System.clearProperty("HF_HUB_OFFLINE");
    hub.close(); // the hub goes away: the cached snapshot serves
    assertThat(ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null, null).file())
        .isEqualTo(again.file());
  }

  @Test
  void offlineWithoutACachedCopySaysSo() {
    System.setProperty("HF_HUB_OFFLINE", "1");
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("hf:" + REPO + "@main is not in the hub cache " + cache + " and HF_HUB_OFFLINE is set"
            + " (no refs/main)");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void aSnapshotPythonFetchedIsFoundOffline() throws IOException {
    Path snap = repoDir().resolve("snapshots").resolve(FakeHub.COMMIT);
    Files.createDirectories(snap.resolve("onnx"));
    Files.write(snap.resolve("tokenizer.json"), files.get("tokenizer.json"));
    Files.write(snap.resolve("onnx/model.onnx"), files.get("onnx/model.onnx"));
    Files.createDirectories(repoDir().resolve("refs"));
    Files.writeString(repoDir().resolve("refs/main"), FakeHub.COMMIT);
    System.setProperty("HF_HUB_OFFLINE", "true");
    ModelFolder folder = ModelFolder.open(ModelSource.parse("acme/tiny-embedder"));
    assertThat(folder.weights("model", null).file()).isEqualTo(snap.resolve("onnx/model.onnx"));
    assertThat(folder.space(8, true).name()).isEqualTo(REPO);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void aBrokenDownloadIsResumedWhereItStopped() throws IOException {
    hub.cutOnce("onnx/model.onnx", 1000);
    Path w = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null).file();
    assertThat(Files.readAllBytes(w)).isEqualTo(files.get("onnx/model.onnx"));
    String cdn = "/cdn/" + FakeHub.sha256(files.get("onnx/model.onnx"));
    assertThat(hub.requests()).containsSubsequence("GET " + cdn, "GET " + cdn + " bytes=1000-");
  }

  @Test
  void aPartialFileLeftByAKilledRunIsResumed() throws IOException {
    byte[] weights = files.get("onnx/model.onnx");
    String hash = FakeHub.sha256(weights);
    Files.createDirectories(repoDir().resolve("blobs"));
    Files.write(repoDir().resolve("blobs").resolve(hash + ".incomplete"), java.util.Arrays.copyOf(weights, 300));
    Path w = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null).file();
    assertThat(Files.readAllBytes(w)).isEqualTo(weights);
    assertThat(hub.requests()).contains("GET /cdn/" + hash + " bytes=300-").doesNotContain("GET /cdn/" + hash);
  }

  @Test
  void aWrongChecksumIsRefusedAndNothingIsKept() throws IOException {
    hub.announceWrongHash("onnx/model.onnx");
    assertThatThrownBy(() -> ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("hf:" + REPO + ": onnx/model.onnx failed verification: the hub's SHA-256 is ")
        .hasMessageContaining("the download was discarded");
    try (Stream<Path> s = Files.list(repoDir().resolve("blobs"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(FakeHub.sha256(files.get("onnx/model.onnx"))) || n.endsWith(".incomplete"));
    }
    assertThat(repoDir().resolve("snapshots").resolve(FakeHub.COMMIT).resolve("onnx/model.onnx")).doesNotExist();
  }

  @Test
  void aSmallFileIsCheckedAgainstItsGitBlobId() {
    hub.announceWrongHash("tokenizer.json");
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("tokenizer.json failed verification: the hub's git blob hash is ");
  }

  @Test
  void aPrivateRepositoryNeedsAToken() {
    hub.requireToken("s3cret");
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("hf:" + REPO + "@main: the hub answered 401 Unauthorized: the repository is private, gated or"
            + " does not exist; set HF_TOKEN to a token with access to it");
    System.setProperty("HF_TOKEN", "wrong");
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO).resolve())
        .hasMessageEndingWith("HF_TOKEN was refused for it");
    System.setProperty("HF_TOKEN", "s3cret");
    Path w = ModelFolder.open(ModelSource.parse("hf:" + REPO)).weights("model", null).file();
    assertThat(w).exists();
  }

  @Test
  void unknownRepositoriesRevisionsAndFilesAreNamed() {
    assertThatThrownBy(() -> ModelSource.parse("hf:acme/nothing-here").resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("hf:acme/nothing-here@main: repository not found on " + hub.endpoint() + " (404)");
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO + "@v9").resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("hf:" + REPO + "@v9: revision 'v9' not found in the repository");
    HubSnapshot snap = client().snapshot(REPO, null);
    assertThatThrownBy(() -> snap.fetch("onnx/missing.onnx"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("file onnx/missing.onnx not found in the repository (404)");
  }

  @Test
  void anUnreachableHubWithoutACachedCopySaysSo() {
    URI endpoint = hub.endpoint();
    hub.close();
    assertThatThrownBy(() -> ModelSource.parse("hf:" + REPO).resolve())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("hf:" + REPO + ": the hub at " + endpoint + " cannot be reached: ")
        .hasMessageEndingWith("(no cached copy in " + repoDir() + ")");
  }

  @Test
  void aCommitIdNeedsNoRef() {
    HubSnapshot snap = client().snapshot(REPO, FakeHub.COMMIT);
    assertThat(snap.commit()).isEqualTo(FakeHub.COMMIT);
    assertThat(repoDir().resolve("refs")).doesNotExist();
    assertThat(snap.files()).contains("onnx/model.onnx", "README.md");
  }
}
