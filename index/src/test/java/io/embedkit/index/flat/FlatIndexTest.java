package io.embedkit.index.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.testing.TestSeeds;
import io.embedkit.core.testing.VectorIndexContractTest;
import io.embedkit.index.Indexes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatIndexTest extends VectorIndexContractTest {
  @Override
  protected VectorIndex newIndex(int dimension, Metric metric) {
    return FlatIndex.create(dimension, metric);
  }

  @Override
  protected VectorIndex load(Path path) throws IOException {
    return FlatIndex.load(path);
  }

  @Test
  void loadedVectorsAreBitForBitTheSavedOnes() throws IOException {
    FlatIndex index = FlatIndex.create(5, Metric.L2);
    for (int i = 0; i < 40; i++) {
      index.add("v" + i, TestSeeds.randomVector(random, 5));
    }
    Path file = tmp.resolve("f.idx");
    index.save(file);
    FlatIndex loaded = FlatIndex.load(file);
    for (int i = 0; i < 40; i++) {
      assertThat(loaded.vector("v" + i).orElseThrow()).isEqualTo(index.vector("v" + i).orElseThrow());
    }
    assertThat(Indexes.load(file).size()).isEqualTo(40);
  }

  @Test
  void cosineVectorsAreStoredNormalised() {
    FlatIndex index = FlatIndex.create(2, Metric.COSINE);
    index.add("a", new float[] {3, 4});
    assertThat(index.vector("a").orElseThrow()).containsExactly(0.6f, 0.8f);
    assertThat(index.vector("b")).isEmpty();
  }

  @Test
  void growsPastItsInitialCapacityAndKeepsOrdinalsDenseOnRemove() {
    FlatIndex index = FlatIndex.create(3, Metric.DOT);
    for (int i = 0; i < 1000; i++) {
      index.add("x" + i, new float[] {i, 1, 0});
    }
    for (int i = 0; i < 1000; i += 2) {
      index.remove("x" + i);
    }
    assertThat(index.size()).isEqualTo(500);
    assertThat(index.search(new float[] {1, 0, 0}, 1).get(0).id()).isEqualTo("x999");
    assertThat(index.vector("x501").orElseThrow()).containsExactly(501, 1, 0);
    assertThat(index.ramBytesUsed()).isGreaterThan(500L * 3 * 4);
  }

  @Test
  void anIndexOfAnotherTypeIsNamedWhenLoadedAsFlat() throws IOException {
    Path file = tmp.resolve("other.idx");
    io.embedkit.index.store.IndexFiles.write(file, "embedkit-other", 1, out -> out.writeInt(7));
    assertThatThrownBy(() -> FlatIndex.load(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessage("index file " + file + ": holds format 'embedkit-other', expected 'embedkit-flat'");
    assertThatThrownBy(() -> Indexes.load(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessage("index file " + file + ": holds index type 'embedkit-other', which this build cannot"
            + " read (known: embedkit-flat, embedkit-hnsw)");
  }

  @Test
  void metadataIsKeptThroughSaveAndLoad() throws IOException {
    FlatIndex index = FlatIndex.create(2, Metric.DOT);
    index.add("a", new float[] {1, 2}, Map.of("z", "1", "a", "2", "empty", ""));
    Path file = tmp.resolve("m.idx");
    index.save(file);
    assertThat(FlatIndex.load(file).metadata("a")).contains(Map.of("z", "1", "a", "2", "empty", ""));
    assertThat(Files.size(file)).isGreaterThan(8);
  }
}
