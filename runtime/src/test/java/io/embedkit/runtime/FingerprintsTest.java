package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights hashes are computed once per file version and remembered; fingerprints cover weights and settings. */
class FingerprintsTest {
  @TempDir Path tmp;

  @AfterEach
  void clear() {
    System.clearProperty(ModelSource.CACHE_DIR_PROPERTY);
  }

  @Test
  void aFileIsHashedOncePerVersionAndTheHashIsRemembered() throws Exception {
    System.setProperty(ModelSource.CACHE_DIR_PROPERTY, tmp.resolve("cache").toString());
    Path w = tmp.resolve("model.onnx");
    Files.writeString(w, "abc");
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // SHA-256("abc")
    assertThat(Fingerprints.sha256(w)).isEqualTo(abc);
    Path stored;
    try (Stream<Path> s = Files.list(tmp.resolve("cache").resolve("sha256"))) {
      stored = s.findFirst().orElseThrow();
    }
    assertThat(Files.readString(stored)).isEqualTo(abc);

    Files.writeString(w, "abd"); // a new version: new size or time, new hash
    Files.setLastModifiedTime(w, FileTime.fromMillis(Files.getLastModifiedTime(w).toMillis() + 5000));
    assertThat(Fingerprints.sha256(w)).isNotEqualTo(abc).hasSize(64);
  }

  @Test
  void fingerprintsFollowWeightsAndSettingsNotNamesOrOrder() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.onnx"), "weights");
    Path copy = Files.createDirectories(tmp.resolve("elsewhere")).resolve("other-name.onnx");
    Files.writeString(copy, "weights");
    Path other = Files.writeString(tmp.resolve("b.onnx"), "other weights");
    String fp = Fingerprints.of(List.of(a), Map.of("pooling", "MEAN", "prefix", ""));
    assertThat(fp).matches("sha256:[0-9a-f]{64}");
    assertThat(Fingerprints.of(List.of(copy), Map.of("prefix", "", "pooling", "MEAN"))).isEqualTo(fp);
    assertThat(Fingerprints.of(List.of(other), Map.of("pooling", "MEAN", "prefix", ""))).isNotEqualTo(fp);
    assertThat(Fingerprints.of(List.of(a), Map.of("pooling", "CLS", "prefix", ""))).isNotEqualTo(fp);
    assertThat(Fingerprints.of(List.of(a), Map.of("pooling", "MEAN", "prefix", "query: "))).isNotEqualTo(fp);
  }
}
