package io.embedkit.index.hnsw;

import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import java.io.IOException;
import java.util.List;

/**
 * A scorer on codes learned from the data, with the full-precision vectors kept for exact scores: until it
 * is {@link #train trained} every score is exact. Training and the encoding of stored vectors happen under
 * the index's structural write lock; {@link #encode} of new vectors runs concurrently with searches.
 */
abstract class QuantizedScorer extends Scorer {
  /** Whether codes have been learned. */
  abstract boolean trained();

  /** Whether the vectors encoded since training lie far from what the codes were learned on. */
  abstract boolean drifted();

  /** The learned centre (for tests), or null. */
  abstract float[] mean();

  /** Grows to at least {@code count} chunks; callers serialise growth. */
  abstract void grow(int count);

  /**
   * Learns the codes from a sample and encodes the first {@code n} stored vectors.
   *
   * @param sample the vectors to learn from (already normalised for cosine)
   * @param n how many stored vectors to encode
   */
  abstract void train(List<float[]> sample, int n);

  /** Encodes a vector into its ordinal's code; does nothing before training. */
  abstract void encode(int ord, float[] v);

  /** The scorer the graph is built with: the codes themselves, or the full-precision vectors. */
  abstract Scorer buildScorer();

  /** Heap bytes of the codes and the quantizer. */
  abstract long ramBytesUsed();

  /** Takes over another scorer's codes and quantizer (compaction). */
  abstract void replaceWith(QuantizedScorer other);

  /** Writes the quantizer and the codes of the ordinals in {@code order}, in that order. */
  abstract void write(IndexOutput out, int[] order) throws IOException;

  /** Reads what {@link #write} wrote; capacity for {@code n} ordinals is already there. */
  abstract void read(IndexInput in, int n) throws IOException;

  /** The mean of the sample's vectors, component by component (summed in doubles). */
  static float[] mean(List<float[]> sample, int dim) {
    double[] sum = new double[dim];
    for (float[] v : sample) {
      for (int d = 0; d < dim; d++) {
        sum[d] += v[d];
      }
    }
    float[] mean = new float[dim];
    for (int d = 0; d < dim; d++) {
      mean[d] = (float) (sum[d] / sample.size());
    }
    return mean;
  }
}
