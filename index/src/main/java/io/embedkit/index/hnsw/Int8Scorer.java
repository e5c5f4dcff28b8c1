package io.embedkit.index.hnsw;

import io.embedkit.core.Metric;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Scores on 8-bit codes. A vector x is centred on the data's mean μ and each component d is scaled into
 * -127..127 by a step α_d learned from the data (the range holding 99.9% of that component's values):
 * x ≈ μ + α∘c. A query keeps its floats (asymmetric scores); two stored vectors are scored with one of them
 * widened. One float correction e per vector:
 *
 * <ul>
 *   <li>dot: q·x ≈ q·μ + (α∘q)·c; x·y ≈ (α²∘c_x)·c_y + e_x + e_y with e = μ·(α∘c) + μ·μ/2;
 *   <li>L2: −|q − x|² ≈ −|q − μ|² + (2α∘(q − μ))·c + e; −|x − y|² ≈ 2(α²∘c_x)·c_y + e_x + e_y with
 *       e = −|α∘c|².
 * </ul>
 *
 * <p>Until it is {@link #train trained} (the index holds fewer vectors than {@link #TRAIN_SIZE}) every score
 * is exact, on the full-precision vectors. Thread-safe; training and encoding of stored vectors happen under
 * the index's structural write lock.
 */
final class Int8Scorer extends QuantizedScorer {
  /** Vectors needed before codes are learned. */
  static final int TRAIN_SIZE = 1024;
  /** At most this many components are sorted to find the ranges. */
  private static final int RANGE_SAMPLE = 1 << 21;
  /** The share of a component's values its range holds; the rest are clipped. */
  private static final double RANGE_QUANTILE = 0.999;

  private static final VectorKernels K = Kernels.get();

  private final int dim;
  private final boolean l2;
  private final FullVectors floats;
  private final CopyingScorer exact;
  private final ThreadLocal<float[]> widened;
  private volatile float[] mean; // null until trained
  private volatile float[] alpha; // the step per component
  private volatile float[] alphaSquared;
  private volatile float meanSquare; // μ·μ
  private volatile byte[][] codes = new byte[0][];
  private volatile float[][] corrections = new float[0][];
  // since training: vectors encoded, and their components clipped to the range (0.1% of them are, by design)
  private final java.util.concurrent.atomic.AtomicLong encodedSince = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong clippedSince = new java.util.concurrent.atomic.AtomicLong();
  private volatile int trainedOn;

  Int8Scorer(FullVectors floats, Metric metric, CopyingScorer exact) {
    this.dim = floats.dim();
    this.l2 = metric == Metric.L2;
    this.floats = floats;
    this.exact = exact;
    this.widened = ThreadLocal.withInitial(() -> new float[dim]);
  }

  @Override
  boolean trained() {
    return mean != null;
  }

  /**
   * Tells whether the data has moved away from the learned ranges: of the vectors encoded since (at least 16,
   * and a 32nd of those the codes were learned on), over four times as many components were clipped as the
   * ranges leave out.
   */
  @Override
  boolean drifted() {
    long n = encodedSince.get();
    return mean != null && n >= Math.max(16, trainedOn / 32)
        && clippedSince.get() > 4 * (1 - RANGE_QUANTILE) * dim * n;
  }

  @Override
  float[] mean() {
    return mean;
  }

  @Override
  void grow(int count) {
    byte[][] c = codes;
    if (count <= c.length) {
      return;
    }
    byte[][] biggerCodes = Arrays.copyOf(c, count);
    float[][] biggerCorr = Arrays.copyOf(corrections, count);
    for (int i = c.length; i < count; i++) {
      biggerCodes[i] = new byte[Chunks.SIZE * dim];
      biggerCorr[i] = new float[Chunks.SIZE];
    }
    corrections = biggerCorr;
    codes = biggerCodes;
  }

  /**
   * Learns the mean and the step from a sample and encodes the first {@code n} stored vectors.
   *
   * @param sample the vectors to learn from (already normalised for cosine)
   * @param n how many stored vectors to encode
   */
  @Override
  void train(List<float[]> sample, int n) {
    float[] mu = mean(sample, dim);
    int vectors = Math.max(1, Math.min(sample.size(), RANGE_SAMPLE / dim));
    double stride = (double) sample.size() / vectors;
    float[][] abs = new float[dim][vectors];
    for (int i = 0; i < vectors; i++) {
      float[] v = sample.get((int) (i * stride));
      for (int d = 0; d < dim; d++) {
        abs[d][i] = Math.abs(v[d] - mu[d]);
      }
    }
    int at = (int) Math.min(vectors - 1, Math.floor(vectors * RANGE_QUANTILE));
    float[] a = new float[dim];
    float[] a2 = new float[dim];
    double mm = 0;
    for (int d = 0; d < dim; d++) {
      Arrays.sort(abs[d]);
      // a component that never varies gets the smallest step: its codes are 0
      a[d] = Math.max(abs[d][at], Float.MIN_NORMAL * 127) / 127f;
      a2[d] = a[d] * a[d];
      mm += (double) mu[d] * mu[d];
    }
    this.alpha = a;
    this.alphaSquared = a2;
    this.meanSquare = (float) mm;
    this.mean = mu;
    this.trainedOn = Math.max(sample.size(), n);
    float[] v = new float[dim];
    for (int ord = 0; ord < n; ord++) {
      floats.copyTo(ord, v);
      encode(ord, v);
    }
    encodedSince.set(0); // drift counts the vectors that come after
    clippedSince.set(0);
  }

  @Override
  void encode(int ord, float[] v) {
    float[] mu = mean;
    if (mu == null) {
      return;
    }
    byte[] c = codes[Chunks.chunk(ord)];
    int off = Chunks.slot(ord) * dim;
    float[] a = alpha;
    double squares = 0;
    double meanDot = 0;
    int clipped = 0;
    for (int d = 0; d < dim; d++) {
      int q = Math.round((v[d] - mu[d]) / a[d]);
      if (q > 127 || q < -127) {
        clipped++;
        q = q > 0 ? 127 : -127;
      }
      c[off + d] = (byte) q;
      double x = (double) a[d] * q;
      squares += x * x;
      meanDot += mu[d] * x;
    }
    corrections[Chunks.chunk(ord)][Chunks.slot(ord)] = l2 ? (float) -squares : (float) (meanDot + meanSquare / 2);
    encodedSince.incrementAndGet();
    if (clipped > 0) {
      clippedSince.addAndGet(clipped);
    }
  }

  @Override
  Object prepare(float[] query) {
    float[] mu = mean;
    if (mu == null) {
      return query;
    }
    float[] a = alpha;
    float[] p = new float[dim + 1];
    double constant = 0;
    for (int d = 0; d < dim; d++) {
      if (l2) {
        float u = query[d] - mu[d];
        p[d] = 2 * a[d] * u;
        constant -= (double) u * u;
      } else {
        p[d] = a[d] * query[d];
        constant += (double) query[d] * mu[d];
      }
    }
    p[dim] = (float) constant;
    return p;
  }

  @Override
  float score(Object prepared, int ord) {
    if (mean == null) {
      return exact.score(prepared, ord);
    }
    float[] p = (float[]) prepared;
    int chunk = Chunks.chunk(ord);
    int slot = Chunks.slot(ord);
    float s = p[dim] + K.dotCodes(p, codes[chunk], slot * dim, dim);
    return l2 ? s + corrections[chunk][slot] : s;
  }

  @Override
  void scoreAll(Object prepared, int[] nodes, int count, float[] out) {
    if (mean == null) {
      exact.scoreAll(prepared, nodes, count, out);
      return;
    }
    float[] p = (float[]) prepared;
    byte[][] c = codes;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
      int n0 = nodes[i];
      int n1 = nodes[i + 1];
      int n2 = nodes[i + 2];
      int n3 = nodes[i + 3];
      K.dotCodesX4(p, c[Chunks.chunk(n0)], Chunks.slot(n0) * dim, c[Chunks.chunk(n1)], Chunks.slot(n1) * dim,
          c[Chunks.chunk(n2)], Chunks.slot(n2) * dim, c[Chunks.chunk(n3)], Chunks.slot(n3) * dim, dim, out, i);
      for (int j = i; j < i + 4; j++) {
        out[j] += p[dim];
        if (l2) {
          out[j] += corrections[Chunks.chunk(nodes[j])][Chunks.slot(nodes[j])];
        }
      }
    }
    for (; i < count; i++) {
      out[i] = score(p, nodes[i]);
    }
  }

  @Override
  float scoreBetween(int a, int b) {
    if (mean == null) {
      return exact.scoreBetween(a, b);
    }
    float[] w = widened.get();
    byte[] ca = codes[Chunks.chunk(a)];
    int oa = Chunks.slot(a) * dim;
    float[] a2 = alphaSquared;
    for (int d = 0; d < dim; d++) {
      w[d] = a2[d] * ca[oa + d];
    }
    float dot = K.dotCodes(w, codes[Chunks.chunk(b)], Chunks.slot(b) * dim, dim);
    float ea = corrections[Chunks.chunk(a)][Chunks.slot(a)];
    float eb = corrections[Chunks.chunk(b)][Chunks.slot(b)];
    return l2 ? 2 * dot + ea + eb : dot + ea + eb;
  }

  @Override
  Scorer buildScorer() {
    return this; // the graph is built on the codes
  }

  @Override
  long ramBytesUsed() {
    return 64L + 12L * dim + (long) codes.length * (32L + (long) Chunks.SIZE * dim + 4L * Chunks.SIZE);
  }

  @Override
  void replaceWith(QuantizedScorer replacement) {
    Int8Scorer other = (Int8Scorer) replacement;
    this.codes = other.codes;
    this.corrections = other.corrections;
    this.alpha = other.alpha;
    this.alphaSquared = other.alphaSquared;
    this.meanSquare = other.meanSquare;
    this.mean = other.mean;
  }

  @Override
  void write(IndexOutput out, int[] order) throws IOException {
    out.writeByte(trained() ? 1 : 0);
    if (!trained()) {
      return;
    }
    out.writeFloats(alpha, 0, dim);
    out.writeFloats(mean, 0, dim);
    // per chunk of ordinals as laid out: its codes, then its corrections
    byte[] codeBuf = new byte[Math.min(order.length, Chunks.SIZE) * dim];
    float[] corrBuf = new float[Math.min(order.length, Chunks.SIZE)];
    for (int from = 0; from < order.length; from += Chunks.SIZE) {
      int count = Math.min(Chunks.SIZE, order.length - from);
      for (int i = 0; i < count; i++) {
        int ord = order[from + i];
        System.arraycopy(codes[Chunks.chunk(ord)], Chunks.slot(ord) * dim, codeBuf, i * dim, dim);
        corrBuf[i] = corrections[Chunks.chunk(ord)][Chunks.slot(ord)];
      }
      out.writeBytes(codeBuf, 0, count * dim);
      out.writeFloats(corrBuf, 0, count);
    }
  }

  @Override
  void read(IndexInput in, int n) throws IOException {
    int flag = in.readByte();
    if (flag == 0) {
      return;
    }
    if (flag != 1) {
      throw new io.embedkit.core.IndexCorruptedException(in.file(), "quantizer flag " + flag);
    }
    float[] a = new float[dim];
    in.readFloats(a, 0, dim);
    float[] a2 = new float[dim];
    for (int d = 0; d < dim; d++) {
      if (!(a[d] > 0) || Float.isInfinite(a[d])) {
        throw new io.embedkit.core.IndexCorruptedException(in.file(), "quantization step " + a[d] + " of component "
            + d);
      }
      a2[d] = a[d] * a[d];
    }
    float[] mu = new float[dim];
    in.readFloats(mu, 0, dim);
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      int count = Math.min(Chunks.SIZE, n - ord);
      in.readBytes(codes[Chunks.chunk(ord)], 0, count * dim);
      in.readFloats(corrections[Chunks.chunk(ord)], 0, count);
    }
    double mm = 0;
    for (float x : mu) {
      mm += (double) x * x;
    }
    this.alpha = a;
    this.alphaSquared = a2;
    this.meanSquare = (float) mm;
    this.mean = mu;
    this.trainedOn = n;
  }
}
