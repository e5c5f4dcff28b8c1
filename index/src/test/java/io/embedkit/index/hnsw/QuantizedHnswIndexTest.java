package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.flat.FlatIndex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole HNSW suite (the index contract, recall with filters and deletes, compaction, save and load) on
 * codes with rescoring, and what codes add: learned from the data, re-learned when it moves, exact scores
 * in the hits. Codes are learned from the 16th vector on, so the small tests run on them too.
 */
abstract class QuantizedHnswIndexTest extends HnswIndexTest {
  /** The mode under test. */
  protected abstract HnswQuantization quantization();

  /** The most heap of codes and graph against floats and graph, at 384 dimensions (the bound). */
  protected abstract double heapRatioBound();

  /** Clustered vectors for the tests of learning; the recall tests' kind of data by default. */
  protected List<float[]> clusteredData(int n, int dim, int clusters) {
    return clustered(random, n, dim, clusters);
  }

  @Override
  protected HnswConfig config(int dimension, Metric metric) {
    return super.config(dimension, metric).withQuantization(quantization());
  }

  @Override
  protected HnswIndex create(HnswConfig config) {
    return HnswIndex.create(config, 16);
  }

  @Override
  protected void memoryPerVectorStaysWithinTheTarget() {
    int dim = 384;
    Fixture quantized = build(Metric.COSINE, 5000, dim, 2);
    HnswIndex floats = HnswIndex.create(HnswConfig.of(dim, Metric.COSINE).withSeed(seed));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ids.add("v" + i);
    }
    floats.addAll(ids, quantized.vectors(), null, 2);
    double ratio = (double) quantized.hnsw().vectorAndGraphBytes() / floats.vectorAndGraphBytes();
    assertThat(ratio).as("heap of codes and graph against floats and graph").isLessThanOrEqualTo(heapRatioBound());
    assertThat(quantized.hnsw().offHeapBytes()).as("the floats, mapped").isGreaterThanOrEqualTo(5000L * dim * 4);
    assertThat(floats.offHeapBytes()).isZero();
    quantized.hnsw().close();
  }

  @Test
  void codesAreLearnedFromTheDataAndScoresComeFromTheFloats() {
    Fixture f = build(Metric.L2, 4000, recallDimension(48), 1);
    assertThat(f.hnsw().codes.trained()).isTrue();
    float[] q = f.vectors().get(17);
    List<SearchHit> hits = f.hnsw().search(q, 10);
    List<SearchHit> all = f.flat().search(q, 4000);
    assertThat(hits.get(0).id()).isEqualTo("v17");
    for (SearchHit h : hits) {
      // rescored: the same score as the exact search gives that item
      float exact = all.stream().filter(x -> x.id().equals(h.id())).findFirst().orElseThrow().score();
      assertThat(h.score()).as(h.id()).isEqualTo(exact, org.assertj.core.data.Offset.offset(1e-4f * Math.abs(exact)));
    }
    assertThat(recall(hits, all.subList(0, 10))).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void recall99IsStillReachableWithAWiderSearch() {
    Fixture f = build(Metric.COSINE, 5000, recallDimension(64), 2);
    double sum = 0;
    for (int i = 0; i < 100; i++) {
      float[] query = recallQuery(f);
      sum += recall(f.hnsw().search(query, 10, null, 400), f.flat().search(query, 10));
    }
    assertThat(sum / 100).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void compactRelearnsTheCodesAfterTheDataMoved() {
    int dim = recallDimension(32);
    HnswIndex index = create(config(dim, Metric.L2));
    FlatIndex flat = FlatIndex.create(dim, Metric.L2);
    List<float[]> before = clusteredData(3000, dim, 20);
    for (int i = 0; i < before.size(); i++) {
      index.add("a" + i, before.get(i));
    }
    float[] learnedBefore = index.codes.mean().clone();
    // the data moves far away: every old item goes, new ones arrive around a distant centre
    for (int i = 0; i < before.size(); i++) {
      index.remove("a" + i);
    }
    List<float[]> after = clusteredData(3000, dim, 20);
    for (int i = 0; i < after.size(); i++) {
      float[] v = after.get(i);
      for (int d = 0; d < dim; d++) {
        v[d] = v[d] * 0.05f + 40;
      }
      index.add("b" + i, v);
      flat.add("b" + i, v);
    }
    index.compact(2);
    float[] learnedAfter = index.codes.mean();
    for (int d = 0; d < dim; d++) {
      assertThat(learnedAfter[d]).as("the mean re-learned, component " + d).isCloseTo(40f,
          org.assertj.core.data.Offset.offset(0.5f));
    }
    assertThat(learnedAfter).isNotEqualTo(learnedBefore);
    double sum = 0;
    for (int i = 0; i < 50; i++) {
      float[] query = after.get(random.nextInt(after.size()));
      sum += recall(index.search(query, 10), flat.search(query, 10));
    }
    assertThat(sum / 50).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.95);
    index.close();
  }

  @Test
  void dataThatDriftsAsItArrivesIsRelearned() {
    // six batches, each moved further away: every batch lies beyond what the codes learned before it
    int dim = recallDimension(16);
    HnswIndex index = create(config(dim, Metric.L2));
    FlatIndex flat = FlatIndex.create(dim, Metric.L2);
    List<float[]> all = new ArrayList<>();
    for (int phase = 0; phase < 6; phase++) {
      for (float[] v : clusteredData(500, dim, 10)) {
        for (int d = 0; d < dim; d++) {
          v[d] += 4 * phase;
        }
        String id = "v" + all.size();
        index.add(id, v);
        flat.add(id, v);
        all.add(v);
      }
    }
    assertThat(index.codes.mean()[0]).as("the mean follows the data").isGreaterThan(5f);
    double sum = 0;
    for (int i = 0; i < 50; i++) {
      float[] q = all.get(random.nextInt(all.size())).clone();
      q[0] += 0.01f;
      sum += recall(index.search(q, 10), flat.search(q, 10));
    }
    assertThat(sum / 50).as("tests.seed=%d", seed).isGreaterThanOrEqualTo(0.95);
    index.close();
  }
}
