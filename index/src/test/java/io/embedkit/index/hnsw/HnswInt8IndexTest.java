package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HNSW suite on 8-bit codes with rescoring. */
class HnswInt8IndexTest extends QuantizedHnswIndexTest {
  @Override
  protected HnswQuantization quantization() {
    return HnswQuantization.INT8;
  }

  /** 384 code bytes and a correction against 1,536 float bytes, the same graph. */
  @Override
  protected double heapRatioBound() {
    return 0.35;
  }

  @Test
  void aLoadedIndexHoldsCodesAndGraphInAThirdOfTheFloatsHeapAt128Dimensions() throws IOException {
    int dim = 128;
    int n = 2 * Chunks.SIZE; // whole chunks, so that neither side counts unused room
    Fixture quantized = build(Metric.L2, n, dim, 2);
    HnswIndex floats = HnswIndex.create(HnswConfig.of(dim, Metric.L2).withSeed(seed));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("v" + i);
    }
    floats.addAll(ids, quantized.vectors(), null, 2);
    Path q = tmp.resolve("q.idx");
    Path f = tmp.resolve("f.idx");
    quantized.hnsw().save(q);
    floats.save(f);
    try (HnswIndex loadedQ = HnswIndex.load(q); HnswIndex loadedF = HnswIndex.load(f)) {
      // 128 code bytes and a correction, the graph packed, against 512 float bytes and the graph as built
      double ratio = (double) loadedQ.vectorAndGraphBytes() / loadedF.vectorAndGraphBytes();
      assertThat(ratio).as("heap of codes and graph against floats and graph, loaded").isLessThanOrEqualTo(0.35);
    }
    quantized.hnsw().close();
    floats.close();
  }
}
