package io.embedkit.index.hnsw;

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
}
