package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.Filter;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.core.testing.TestSeeds;
import io.embedkit.core.testing.VectorIndexContractTest;
import io.embedkit.index.Indexes;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HnswIndexTest extends VectorIndexContractTest {
  /** The configuration every test here builds on; subclasses run the suite in another mode. */
  protected HnswConfig config(int dimension, Metric metric) {
    return HnswConfig.of(dimension, metric).withSeed(seed);
  }

  /** Creates an index; subclasses may learn codes early, so small tests run on them. */
  protected HnswIndex create(HnswConfig config) {
    return HnswIndex.create(config);
  }

  /**
   * The dimension a recall test here uses where it names {@code dim}; a mode whose codes need more components
   * to rank (1-bit codes) raises it.
   */
  protected int recallDimension(int dim) {
    return dim;
  }

  /** The vectors the recall tests index: by default 50 Gaussian clusters filling every dimension. */
  protected List<float[]> recallData(int n, int dim) {
    return clustered(random, n, dim, 50);
  }

  /** A query for the recall tests: by default a point of a new cluster, away from every stored one. */
  protected float[] recallQuery(Fixture f) {
    return clustered(random, 1, f.hnsw().dimension(), 50).get(0);
  }

  @Override
  protected VectorIndex newIndex(int dimension, Metric metric) {
    return create(config(dimension, metric));
  }

  @Override
  protected VectorIndex load(Path path) throws IOException {
    return HnswIndex.load(path);
  }

  @Override
  protected List<Metric> metrics() {
    return List.of(Metric.COSINE, Metric.DOT, Metric.L2);
  }

  @Override
  protected double minimumRecall() {
    return 0.95;
  }

  /** Clustered points: like real embeddings, unlike uniform noise, they have neighbourhoods. */
  static List<float[]> clustered(java.util.SplittableRandom r, int n, int dim, int clusters) {
    List<float[]> centers = new ArrayList<>();
    for (int c = 0; c < clusters; c++) {
      centers.add(TestSeeds.randomVector(r, dim));
    }
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] c = centers.get(r.nextInt(clusters));
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = c[d] + (float) (r.nextGaussian() * 0.25);
      }
      out.add(v);
    }
    return out;
  }

  static double recall(List<SearchHit> got, List<SearchHit> truth) {
    Set<String> t = new HashSet<>();
    truth.forEach(h -> t.add(h.id()));
    return got.stream().filter(h -> t.contains(h.id())).count() / (double) truth.size();
  }

  record Fixture(HnswIndex hnsw, FlatIndex flat, List<float[]> vectors) {}

  Fixture build(Metric metric, int n, int dim, int threads) {
    List<float[]> vectors = recallData(n, dim);
    List<String> ids = new ArrayList<>();
    List<Map<String, String>> meta = new ArrayList<>();
    FlatIndex flat = FlatIndex.create(dim, metric);
    for (int i = 0; i < n; i++) {
      ids.add("v" + i);
      meta.add(Map.of("bucket", Integer.toString(i % 100)));
      flat.add("v" + i, vectors.get(i), meta.get(i));
    }
    HnswIndex hnsw = create(config(dim, metric));
    hnsw.addAll(ids, vectors, meta, threads);
    return new Fixture(hnsw, flat, vectors);
  }

  double meanRecall(Fixture f, Filter filter, int queries) {
    double sum = 0;
    for (int q = 0; q < queries; q++) {
      float[] query = recallQuery(f);
      sum += recall(f.hnsw().search(query, 10, filter), f.flat().search(query, 10, filter));
    }
    return sum / queries;
  }

  @Test
  void recallAt10AgainstExactSearchForEveryMetric() {
    for (Metric metric : metrics()) {
      Fixture f = build(metric, 5000, recallDimension(32), 1);
      // inner product is no metric (a vector need not be its own nearest neighbour), so its graph navigates
      // less well on unnormalised data; normalised data, the common case, is COSINE's row
      double required = metric == Metric.DOT ? 0.9 : 0.95;
      assertThat(meanRecall(f, null, 100)).as("tests.seed=%d %s", seed, metric).isGreaterThanOrEqualTo(required);
    }
  }

  @Test
  void filtersAdmitting1And10And50PercentKeepRecall() {
    Fixture f = build(Metric.L2, 20000, recallDimension(16), 2);
    Filter onePercent = Filter.metadataEquals("bucket", "7");
    Filter tenPercent = (id, m) -> Integer.parseInt((String) m.get("bucket")) < 10;
    Filter half = (id, m) -> Integer.parseInt((String) m.get("bucket")) % 2 == 0;
    for (Filter filter : List.of(onePercent, tenPercent, half)) {
      assertThat(meanRecall(f, filter, 50)).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.95);
    }
    float[] q = f.vectors().get(3);
    assertThat(f.hnsw().search(q, 10, tenPercent)).hasSize(10)
        .allSatisfy(h -> assertThat(Integer.parseInt((String) h.metadata().get("bucket"))).isLessThan(10));
  }

  @Test
  void deleting30PercentKeepsRecallAndCompactReclaimsTheSpace() {
    Fixture f = build(Metric.COSINE, 10000, recallDimension(24), 1);
    Set<String> removed = new HashSet<>();
    for (int i = 0; i < 10000; i++) {
      if (random.nextDouble() < 0.3) {
        assertThat(f.hnsw().remove("v" + i)).isTrue();
        f.flat().remove("v" + i);
        removed.add("v" + i);
      }
    }
    assertThat(f.hnsw().size()).isEqualTo(10000 - removed.size());
    assertThat(f.hnsw().removedCount()).isEqualTo(removed.size());
    double recall = 0;
    for (int q = 0; q < 100; q++) {
      float[] query = recallQuery(f);
      List<SearchHit> hits = f.hnsw().search(query, 10);
      assertThat(hits).extracting(SearchHit::id).doesNotContainAnyElementsOf(removed);
      recall += recall(hits, f.flat().search(query, 10));
    }
    assertThat(recall / 100).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.95);

    long before = f.hnsw().vectorAndGraphBytes();
    f.hnsw().compact(2);
    assertThat(f.hnsw().removedCount()).isZero();
    assertThat(f.hnsw().size()).isEqualTo(10000 - removed.size());
    assertThat(f.hnsw().vectorAndGraphBytes()).isLessThan(before);
    assertThat(meanRecall(f, null, 50)).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.95);
    assertThat(f.hnsw().search(f.vectors().get(1), 20)).extracting(SearchHit::id).doesNotContainAnyElementsOf(removed);
  }

  @Test
  void twoThreadsBuildAGraphAsGoodAsOne() {
    double one = meanRecall(build(Metric.L2, 8000, recallDimension(32), 1), null, 100);
    double two = meanRecall(build(Metric.L2, 8000, recallDimension(32), 2), null, 100);
    assertThat(two).as("tests.seed=%d one thread %.3f", seed, one).isGreaterThanOrEqualTo(Math.min(0.95, one - 0.02));
  }

  @Test
  void aSequentialBuildIsReproducibleFromItsSeed() throws IOException {
    Path a = tmp.resolve("a.idx");
    Path b = tmp.resolve("b.idx");
    List<float[]> vectors = clustered(random, 3000, 8, 20);
    for (Path p : List.of(a, b)) {
      HnswIndex index = create(config(8, Metric.L2).withSeed(7));
      for (int i = 0; i < vectors.size(); i++) {
        index.add("v" + i, vectors.get(i));
      }
      index.save(p);
    }
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Indexes.load(a)).isInstanceOf(HnswIndex.class);
  }

  @Test
  void aSavedIndexIsLaidOutBreadthFirstAndSearchesExactlyAsBefore() throws IOException {
    Fixture f = build(Metric.L2, 3000, recallDimension(16), 1);
    for (int i = 0; i < 3000; i += 7) {
      f.hnsw().remove("v" + i);
    }
    HnswIndex before = f.hnsw();
    int n = before.next.get();
    assertThat(isIdentity(before.graph.breadthFirstOrder(n))).as("insertion order is not breadth-first").isFalse();
    List<float[]> queries = clustered(random, 40, before.dimension(), 50);
    List<List<SearchHit>> expected = new ArrayList<>();
    for (float[] q : queries) {
      expected.add(before.search(q, 10, null, 48));
    }
    Path a = tmp.resolve("a.idx");
    before.save(a);
    HnswIndex loaded = HnswIndex.load(a);
    // renumbered: the entry node first, then its links, then theirs; saving again changes nothing
    assertThat(loaded.graph.entry().node()).isZero();
    assertThat(isIdentity(loaded.graph.breadthFirstOrder(n))).isTrue();
    int[] first = loaded.graph.neighbors(0, 0);
    assertThat(first).containsExactlyInAnyOrder(java.util.stream.IntStream.rangeClosed(1, first.length).toArray());
    Path b = tmp.resolve("b.idx");
    loaded.save(b);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    // the same graph under new numbers: the same walk, the same hits and scores, the same stored items
    for (int i = 0; i < queries.size(); i++) {
      List<SearchHit> got = loaded.search(queries.get(i), 10, null, 48);
      assertThat(got).as("query %d, tests.seed=%d", i, seed).hasSameSizeAs(expected.get(i));
      for (int j = 0; j < got.size(); j++) {
        assertThat(got.get(j).id()).isEqualTo(expected.get(i).get(j).id());
        assertThat(got.get(j).score()).isEqualTo(expected.get(i).get(j).score());
      }
    }
    assertThat(loaded.size()).isEqualTo(before.size());
    for (int i = 0; i < 3000; i++) {
      String id = "v" + i;
      if (i % 7 == 0) {
        assertThat(loaded.contains(id)).isFalse();
      } else {
        assertThat(loaded.vector(id).orElseThrow()).as(id).isEqualTo(before.vector(id).orElseThrow());
        assertThat(loaded.metadata(id)).isEqualTo(before.metadata(id));
      }
    }
    loaded.close();
    before.close();
  }

  @Test
  void aLoadedQuantizedIndexKeepsItsGraphPackedUntilWritesChangeIt() throws IOException {
    Fixture f = build(Metric.L2, 6000, recallDimension(32), 2);
    HnswIndex built = f.hnsw();
    Path file = tmp.resolve("packed.idx");
    built.save(file);
    HnswIndex loaded = HnswIndex.load(file);
    boolean quantized = built.config().quantization() != HnswQuantization.NONE;
    // by default only the modes chosen to save memory pack
    assertThat(loaded.graph.packedChunks()).isEqualTo(quantized ? Chunks.count(6000) : 0);
    if (quantized) {
      long flatGraph = built.vectorAndGraphBytes();
      assertThat(loaded.vectorAndGraphBytes()).as("codes and graph, packed").isLessThan(flatGraph * 8 / 10);
    }
    double before = meanRecall(new Fixture(loaded, f.flat(), f.vectors()), null, 50);
    assertThat(before).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(minimumRecall());
    // writes: new items, removals and upserts, which unpack the chunks whose lists they change
    List<float[]> more = recallData(1500, loaded.dimension());
    for (int i = 0; i < more.size(); i++) {
      loaded.add("w" + i, more.get(i), Map.of());
      f.flat().add("w" + i, more.get(i), Map.of());
    }
    for (int i = 0; i < 6000; i += 5) {
      assertThat(loaded.remove("v" + i)).isTrue();
      f.flat().remove("v" + i);
    }
    for (int i = 1; i < 6000; i += 50) {
      loaded.add("v" + i, more.get(i % more.size()), Map.of());
      f.flat().add("v" + i, more.get(i % more.size()), Map.of());
    }
    assertThat(loaded.graph.packedChunks()).isZero();
    Fixture after = new Fixture(loaded, f.flat(), f.vectors());
    assertThat(meanRecall(after, null, 50)).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(minimumRecall());
    for (int i = 1; i < 6000; i += 50) {
      assertThat(loaded.vector("v" + i).orElseThrow()).isEqualTo(more.get(i % more.size()));
    }
    assertThat(loaded.size()).isEqualTo(6000 - 1200 + 1500);
    loaded.close();
    built.close();
  }

  private static boolean isIdentity(int[] order) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] != i) {
        return false;
      }
    }
    return true;
  }

  @Test
  protected void memoryPerVectorStaysWithinTheTarget() {
    int dim = 128;
    int m = 16;
    Fixture f = build(Metric.L2, 20000, dim, 2);
    double perVector = f.hnsw().vectorAndGraphBytes() / 20000.0;
    assertThat(perVector).as("bytes per vector").isLessThanOrEqualTo(1.15 * (4 * dim + 8 * m));
    assertThat(f.hnsw().ramBytesUsed()).isGreaterThan(f.hnsw().vectorAndGraphBytes());
  }

  @Test
  void upsertReplacesTheVectorAndTheOldOneIsNeverReturned() {
    HnswIndex index = create(config(2, Metric.L2));
    for (int i = 0; i < 1000; i++) {
      index.add("p" + i, new float[] {i, 0});
    }
    index.add("p5", new float[] {500.5f, 0}, Map.of("moved", "yes"));
    assertThat(index.size()).isEqualTo(1000);
    assertThat(index.search(new float[] {5, 0}, 3)).extracting(SearchHit::id).doesNotContain("p5");
    List<SearchHit> near = index.search(new float[] {500.5f, 0}, 1);
    assertThat(near.get(0).id()).isEqualTo("p5");
    assertThat(near.get(0).metadata()).containsEntry("moved", "yes");
    assertThat(index.vector("p5").orElseThrow()).containsExactly(500.5f, 0);
  }

  @Test
  void badConfigurationsAreNamed() {
    assertThatThrownBy(() -> HnswConfig.of(4, Metric.L1)).isInstanceOf(InvalidInputException.class)
        .hasMessage("HNSW supports cosine, dot and l2; use the flat index for l1");
    assertThatThrownBy(() -> HnswConfig.of(4, Metric.L2).withGraph(1, 100)).isInstanceOf(InvalidInputException.class)
        .hasMessage("m must be in 2..512, was 1");
    assertThatThrownBy(() -> HnswConfig.of(4, Metric.L2).withEfSearch(0)).isInstanceOf(InvalidInputException.class)
        .hasMessage("efSearch must be positive, was 0");
    HnswIndex index = HnswIndex.create(HnswConfig.of(2, Metric.L2));
    index.add("a", new float[] {1, 1});
    assertThatThrownBy(() -> index.search(new float[] {1, 1}, 1, null, 0)).isInstanceOf(InvalidInputException.class)
        .hasMessage("efSearch must be positive, was 0");
  }

  @Test
  void anIndexOfFormatVersion4LoadsAsFloats() throws Exception {
    // written by the code before quantization (format 4): 40 items with text and typed metadata, v7 removed
    Path file = tmp.resolve("v4.idx");
    try (var in = HnswIndexTest.class.getResourceAsStream("version4-float.idx")) {
      Files.copy(in, file);
    }
    HnswIndex back = HnswIndex.load(file);
    assertThat(back.config().quantization()).isEqualTo(HnswQuantization.NONE);
    assertThat(back.size()).isEqualTo(39);
    assertThat(back.vector("v5").orElseThrow()).containsExactly(5, 2, -5, 0.5f);
    assertThat(back.text("v5")).contains("text 5");
    assertThat(back.metadata("v6").orElseThrow()).containsEntry("tag", "even");
    assertThat(back.contains("v7")).isFalse();
    assertThat(back.search(new float[] {9.2f, 0, -9.2f, 0.5f}, 1).get(0).id()).isEqualTo("v9");
  }
}
