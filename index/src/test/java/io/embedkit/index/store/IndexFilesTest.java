package io.embedkit.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFilesTest {
  @TempDir Path tmp;

  @Test
  void aWriteThatFailsHalfwayLeavesThePreviousFileLoadableAndNoTemporaryFile() throws IOException {
    FlatIndex index = FlatIndex.create(4, Metric.DOT);
    index.add("kept", new float[] {1, 2, 3, 4});
    Path file = tmp.resolve("index.idx");
    index.save(file);
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> IndexFiles.write(file, FlatIndex.FORMAT, FlatIndex.VERSION, out -> {
      out.writeInt(4);
      for (int i = 0; i < 200_000; i++) {
        out.writeFloat(i); // past the write buffer, so bytes really reach the temporary file
      }
      throw new IOException("disk full (simulated)");
    })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(FlatIndex.load(file).vector("kept").orElseThrow()).containsExactly(1, 2, 3, 4);
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aNewerVersionGetsItsOwnMessage() throws IOException {
    Path file = tmp.resolve("future.idx");
    IndexFiles.write(file, FlatIndex.FORMAT, 99, out -> out.writeInt(1));
    assertThatThrownBy(() -> FlatIndex.load(file))
        .isInstanceOf(IndexVersionException.class)
        .hasMessage("index file " + file + ": format 'embedkit-flat' version 99 is newer than this embedkit"
            + " reads (up to " + io.embedkit.index.flat.FlatIndex.VERSION + "): upgrade embedkit to load it");
  }

  @Test
  void aVersionOneFileWithoutASpaceStillLoads() throws IOException {
    Path file = tmp.resolve("v1.idx");
    IndexFiles.write(file, FlatIndex.FORMAT, 1, out -> {
      out.writeInt(2);
      out.writeString("DOT");
      out.writeInt(1);
      out.writeString("a");
      out.writeInt(0);
      out.writeFloats(new float[] {3, 4}, 0, 2);
    });
    FlatIndex loaded = FlatIndex.load(file);
    assertThat(loaded.vector("a").orElseThrow()).containsExactly(3, 4);
    assertThat(loaded.space()).isEmpty();
  }

  @Test
  void aVersionTwoFileKeepsItsSpaceWithoutAFingerprintAndMatchesByName() throws IOException {
    Path file = tmp.resolve("v2.idx");
    IndexFiles.write(file, FlatIndex.FORMAT, 2, out -> {
      out.writeInt(2);
      out.writeString("COSINE");
      out.writeInt(1);
      out.writeString("a");
      out.writeInt(0);
      out.writeFloats(new float[] {0.6f, 0.8f}, 0, 2);
      out.writeByte(1);
      out.writeString("all-MiniLM-L6-v2");
      out.writeInt(2);
      out.writeByte(1);
      out.writeString("COSINE");
    });
    FlatIndex loaded = FlatIndex.load(file);
    io.embedkit.core.EmbeddingSpace space = loaded.space().orElseThrow();
    assertThat(space.name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(space.fingerprint()).isNull();
    String fp = "sha256:" + "ab".repeat(32);
    assertThat(space.isCompatibleWith(new io.embedkit.core.EmbeddingSpace("all-MiniLM-L6-v2", 2, true, Metric.COSINE,
        fp))).isTrue();
    assertThat(space.isCompatibleWith(new io.embedkit.core.EmbeddingSpace("other", 2, true, Metric.COSINE, fp)))
        .isFalse();
  }

  @Test
  void fingerprintsRoundTripInFlatAndHnswFiles() throws IOException {
    String fp = "sha256:" + "0123456789abcdef".repeat(4);
    io.embedkit.core.EmbeddingSpace space = new io.embedkit.core.EmbeddingSpace("m", 2, true, Metric.COSINE, fp);
    FlatIndex flat = FlatIndex.create(2, Metric.COSINE);
    flat.add("a", new float[] {0.6f, 0.8f});
    flat.bindSpace(space);
    flat.save(tmp.resolve("f.idx"));
    assertThat(FlatIndex.load(tmp.resolve("f.idx")).space()).contains(space);
    io.embedkit.index.hnsw.HnswIndex hnsw = io.embedkit.index.hnsw.HnswIndex.create(
        io.embedkit.index.hnsw.HnswConfig.of(2, Metric.COSINE));
    hnsw.add("a", new float[] {0.6f, 0.8f});
    hnsw.bindSpace(space);
    hnsw.save(tmp.resolve("h.idx"));
    assertThat(io.embedkit.index.hnsw.HnswIndex.load(tmp.resolve("h.idx")).space()).contains(space);
    // another model under the same name is another space
    assertThatThrownBy(() -> flat.bindSpace(space.withFingerprint("sha256:" + "f".repeat(64))))
        .isInstanceOf(io.embedkit.core.InvalidInputException.class)
        .hasMessageContaining("'m' (dimension 2, normalized, COSINE, model sha256:0123456789ab)")
        .hasMessageContaining("'m' (dimension 2, normalized, COSINE, model sha256:ffffffffffff)");
  }

  @Test
  void aFlippedBitIsReportedAsAChecksumMismatch() throws IOException {
    FlatIndex index = FlatIndex.create(4, Metric.DOT);
    index.add("a", new float[] {1, 2, 3, 4});
    Path file = tmp.resolve("x.idx");
    index.save(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 18] ^= 1; // the last vector byte (before the space flag): only the checksum can tell
    Files.write(file, bytes);
    assertThatThrownBy(() -> FlatIndex.load(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageMatching("index file .*: checksum mismatch: stored [0-9a-f]{8}, computed [0-9a-f]{8}"
            + " \\(the file was altered\\)");
  }

  @Test
  void truncationIsReportedAsAMissingFooter() throws IOException {
    FlatIndex index = FlatIndex.create(4, Metric.DOT);
    index.add("a", new float[] {1, 2, 3, 4});
    Path file = tmp.resolve("t.idx");
    index.save(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
    assertThatThrownBy(() -> FlatIndex.load(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessage("index file " + file + ": footer missing: the file is truncated or was not fully written ("
            + (bytes.length - 5) + " bytes)");
  }

  @Test
  void primitivesRoundTrip() throws IOException {
    Path file = tmp.resolve("p.idx");
    float[] floats = new float[70_000];
    int[] ints = new int[33_333];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = i * 0.5f - 7;
    }
    for (int i = 0; i < ints.length; i++) {
      ints[i] = i * 31 - 5;
    }
    IndexFiles.write(file, "embedkit-test", 2, out -> {
      out.writeByte(200);
      out.writeLong(Long.MIN_VALUE + 3);
      out.writeString("héllo");
      out.writeFloats(floats, 0, floats.length);
      out.writeInts(ints, 0, ints.length);
    });
    float[] f2 = new float[floats.length];
    int[] i2 = new int[ints.length];
    String s = IndexFiles.read(file, "embedkit-test", 2, (in, version) -> {
      assertThat(version).isEqualTo(2);
      assertThat(in.readByte()).isEqualTo(200);
      assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 3);
      String str = in.readString();
      in.readFloats(f2, 0, f2.length);
      in.readInts(i2, 0, i2.length);
      return str;
    });
    assertThat(s).isEqualTo("héllo");
    assertThat(f2).isEqualTo(floats);
    assertThat(i2).isEqualTo(ints);
    assertThat(IndexFiles.formatOf(file)).isEqualTo("embedkit-test");
  }
}
