package io.embedkit.index.hnsw;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Scores on 1-bit codes, RaBitQ-style. The data's mean μ and up to {@link #MAX_CENTROIDS} centroids c_k
 * (k-means with a k-means++ start, in the space centred on μ for L2) are learned from a sample. A vector is
 * assigned its nearest centroid c_k, and its residual r = x' − c_k (x' = x, or x − μ for L2) is turned by a
 * random {@link Rotation} R: y = Rr. Its code is the sign of each component of y, one bit each, followed by
 * two longs: the float f = |y|² / |y|₁ with k, and the float e below. For a unit-length
 * y the sign vector ȳ (±1/√D) estimates y·z as (ȳ·z) / (ȳ·y) for any z; scaled, that is f · Σ sign(y_d) z_d,
 * with an error proportional to |r| |z|: residuals from the nearest of several centroids are shorter than from
 * the mean alone, and the query is taken relative to the same centroid.
 *
 * <p>The estimate of (q' − c_k)·r, for a query q' (q, or q − μ for L2), is f Σ sign(y_d) (z − Rc_k)_d with
 * z = Rq': linear, so its centroid's part f Σ sign(y_d) (Rc_k)_d is exact and folded into e when the vector is
 * encoded, and the query is turned once, whatever the centroids. z is kept at {@link #QUERY_BITS} bits per
 * component (lo + Δu) as bit planes, so S = Σ_{y_d ≥ 0} z_d costs a few popcounts per 64 components and
 * Σ sign(y_d) z_d = 2S − Σz:
 *
 * <ul>
 *   <li>dot: q·x = q·c_k + (q − c_k)·r + c_k·r ≈ q·c_k + f (2S − Σz) + e, e = c_k·r − f Σ sign(y_d)(Rc_k)_d;
 *   <li>L2: −|q' − x'|² = −|q' − c_k|² + 2 (q' − c_k)·r − |r|² ≈ −|q' − c_k|² + 2f (2S − Σz) + e,
 *       e = −|r|² − 2f Σ sign(y_d)(Rc_k)_d.
 * </ul>
 *
 * <p>The graph is built on the full-precision vectors ({@link #buildScorer}); searches walk it on the codes
 * and the index rescores the candidates. Until {@link #train trained} every score is exact. Thread-safe.
 */
final class BinaryScorer extends QuantizedScorer {
  /** At most this many centroids. */
  static final int MAX_CENTROIDS = 64;
  /** Training vectors per centroid, at least. */
  private static final int PER_CENTROID = 128;
  /** At most this many training vectors go into k-means. */
  private static final int KMEANS_SAMPLE = 16_384;
  private static final int KMEANS_ITERATIONS = 10;
  /** How far (in squared length) the vectors arriving since training may lie from their centroids, on
   *  average, against the vectors the codes were learned on, before the codes are learned again. */
  private static final double DRIFT_RATIO = 4;

  private static final VectorKernels K = Kernels.get();

  /** What training learns; replaced whole. */
  private record Quantizer(float[] mean, float[][] centroids, float[] centroidSquares, float[][] rotatedCentroids,
      Rotation rotation, double trainedSquares) {
    static Quantizer of(float[] mean, float[][] centroids, Rotation rotation, double trainedSquares) {
      int dim = mean.length;
      float[] squares = new float[centroids.length];
      float[][] rotated = new float[centroids.length][dim];
      float[] scratch = new float[dim];
      for (int i = 0; i < centroids.length; i++) {
        squares[i] = K.dot(centroids[i], 0, centroids[i], 0, dim);
        rotation.apply(centroids[i], rotated[i], scratch);
      }
      return new Quantizer(mean, centroids, squares, rotated, rotation, trainedSquares);
    }

    Quantizer withTrainedSquares(double squares) {
      return new Quantizer(mean, centroids, centroidSquares, rotatedCentroids, rotation, squares);
    }
  }

  private final int dim;
  private final int words;
  private final int stride; // longs per vector: the sign bits, f and the centroid, e
  private final boolean l2;
  private final long seed;
  private final FullVectors floats;
  private final CopyingScorer exact;
  private final ThreadLocal<float[][]> scratch;
  private volatile Quantizer quantizer; // null until trained
  private volatile long[][] codes = new long[0][];
  private final AtomicLong encodedSince = new AtomicLong();
  private final DoubleAdder squaresSince = new DoubleAdder();
  private volatile int trainedOn;

  /** Bits per component of a prepared query. */
  static final int QUERY_BITS = 4;

  /**
   * A prepared query: its turned form z at {@link #QUERY_BITS} bits per component (z ≈ lo + Δu) as bit planes,
   * {@code QUERY_BITS} longs per 64 components (interleaved), with the constant of the estimate per centroid.
   */
  private record Query(long[] planes, float lo, float delta, float sum, float[] constant) {}

  BinaryScorer(FullVectors floats, Metric metric, CopyingScorer exact, long seed) {
    this.dim = floats.dim();
    this.words = (dim + 63) >>> 6;
    this.stride = words + 2;
    this.l2 = metric == Metric.L2;
    this.seed = seed;
    this.floats = floats;
    this.exact = exact;
    this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[dim], new float[dim], new float[dim]});
  }

  @Override
  boolean trained() {
    return quantizer != null;
  }

  /**
   * Tells whether the data has moved away from the learned centroids: the vectors encoded since training (at
   * least 16, and a 32nd of those the codes were learned on) lie on average {@link #DRIFT_RATIO} times as far
   * from their nearest centroid, in squared length, as the vectors they were learned from.
   */
  @Override
  boolean drifted() {
    Quantizer qz = quantizer;
    long n = encodedSince.get();
    return qz != null && n >= Math.max(16, trainedOn / 32) && squaresSince.sum() > DRIFT_RATIO * qz.trainedSquares * n;
  }

  @Override
  float[] mean() {
    Quantizer qz = quantizer;
    return qz == null ? null : qz.mean;
  }

  @Override
  void grow(int count) {
    long[][] c = codes;
    if (count <= c.length) {
      return;
    }
    long[][] bigger = Arrays.copyOf(c, count);
    for (int i = c.length; i < count; i++) {
      bigger[i] = new long[Chunks.SIZE * stride];
    }
    codes = bigger;
  }

  @Override
  void train(List<float[]> sample, int n) {
    float[] mu = mean(sample, dim);
    // k-means on a spread-out part of the sample, in the space the residuals are taken in
    int size = Math.min(sample.size(), KMEANS_SAMPLE);
    double step = (double) sample.size() / size;
    float[][] points = new float[size][];
    for (int i = 0; i < size; i++) {
      float[] v = sample.get((int) (i * step));
      points[i] = l2 ? minus(v, mu) : v;
    }
    int k = Math.max(1, Math.min(MAX_CENTROIDS, size / PER_CENTROID));
    float[][] centroids = kmeans(points, k, new java.util.SplittableRandom(seed ^ 0x2545F4914F6CDD1DL));
    Rotation rot = quantizer != null ? quantizer.rotation : Rotation.random(dim, seed ^ 0x5DEECE66DL);
    Quantizer fresh = Quantizer.of(mu, centroids, rot, 0);
    double sq = 0;
    for (float[] x : points) {
      sq += squaredDistance(x, centroids[nearest(fresh, x)]);
    }
    this.quantizer = fresh.withTrainedSquares(sq / points.length);
    this.trainedOn = Math.max(sample.size(), n);
    float[] v = new float[dim];
    for (int ord = 0; ord < n; ord++) {
      floats.copyTo(ord, v);
      encode(ord, v);
    }
    encodedSince.set(0); // drift counts the vectors that come after
    squaresSince.reset();
  }

  private float[] minus(float[] v, float[] mu) {
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) {
      out[d] = v[d] - mu[d];
    }
    return out;
  }

  /** The nearest centroid to {@code x} (in the residual space). */
  private int nearest(Quantizer qz, float[] x) {
    int best = 0;
    float bestDistance = Float.POSITIVE_INFINITY;
    for (int i = 0; i < qz.centroids.length; i++) {
      float distance = qz.centroidSquares[i] - 2 * K.dot(x, 0, qz.centroids[i], 0, dim);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }

  private double squaredDistance(float[] a, float[] b) {
    return K.squaredL2(a, 0, b, 0, dim);
  }

  /**
   * Lloyd's k-means from a k-means++ start (each next centroid drawn with probability proportional to the squared
   * distance from the nearest so far, so a small group far from the rest gets one); an emptied centroid restarts
   * at a random point.
   */
  private float[][] kmeans(float[][] points, int k, java.util.SplittableRandom random) {
    if (k == 1) { // one centroid: the mean (the points' origin for L2, as they are centred)
      return new float[][] {l2 ? new float[dim] : mean(Arrays.asList(points), dim)};
    }
    float[][] centroids = new float[k][];
    centroids[0] = points[random.nextInt(points.length)].clone();
    double[] nearestSquares = new double[points.length];
    Arrays.fill(nearestSquares, Double.POSITIVE_INFINITY);
    for (int i = 1; i < k; i++) {
      double total = 0;
      for (int p = 0; p < points.length; p++) {
        nearestSquares[p] = Math.min(nearestSquares[p], squaredDistance(points[p], centroids[i - 1]));
        total += nearestSquares[p];
      }
      double target = random.nextDouble() * total;
      int chosen = points.length - 1;
      for (int p = 0; p < points.length; p++) {
        target -= nearestSquares[p];
        if (target < 0) {
          chosen = p;
          break;
        }
      }
      centroids[i] = points[chosen].clone();
    }
    int[] assigned = new int[points.length];
    float[] squares = new float[k];
    for (int iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
      for (int i = 0; i < k; i++) {
        squares[i] = K.dot(centroids[i], 0, centroids[i], 0, dim);
      }
      Quantizer qz = new Quantizer(null, centroids, squares, null, null, 0);
      for (int p = 0; p < points.length; p++) {
        assigned[p] = nearest(qz, points[p]);
      }
      double[][] sums = new double[k][dim];
      int[] counts = new int[k];
      for (int p = 0; p < points.length; p++) {
        counts[assigned[p]]++;
        double[] s = sums[assigned[p]];
        float[] x = points[p];
        for (int d = 0; d < dim; d++) {
          s[d] += x[d];
        }
      }
      for (int i = 0; i < k; i++) {
        if (counts[i] == 0) {
          centroids[i] = points[random.nextInt(points.length)].clone();
          continue;
        }
        float[] c = new float[dim];
        for (int d = 0; d < dim; d++) {
          c[d] = (float) (sums[i][d] / counts[i]);
        }
        centroids[i] = c;
      }
    }
    return centroids;
  }

  @Override
  void encode(int ord, float[] v) {
    Quantizer qz = quantizer;
    if (qz == null) {
      return;
    }
    float[][] s = scratch.get();
    float[] r = s[0];
    float[] y = s[1];
    float[] x = v;
    if (l2) {
      for (int d = 0; d < dim; d++) {
        y[d] = v[d] - qz.mean[d]; // y is free until the rotation below
      }
      x = y;
    }
    int centroid = nearest(qz, x);
    float[] c = qz.centroids[centroid];
    double sq = 0;
    double cr = 0;
    for (int d = 0; d < dim; d++) {
      r[d] = x[d] - c[d];
      sq += (double) r[d] * r[d];
      cr += (double) c[d] * r[d];
    }
    qz.rotation.apply(r, y, s[2]);
    long[] code = codes[Chunks.chunk(ord)];
    int off = Chunks.slot(ord) * stride;
    double l1 = 0;
    double l2sq = 0;
    for (int w = 0; w < words; w++) {
      long bits = 0;
      for (int d = w << 6, end = Math.min(dim, d + 64); d < end; d++) {
        float value = y[d];
        if (value >= 0) {
          bits |= 1L << (d & 63);
        }
        l1 += Math.abs(value);
        l2sq += (double) value * value;
      }
      code[off + w] = bits;
    }
    float f = l1 == 0 ? 0f : (float) (l2sq / l1);
    // the query's part z·ȳ is taken for z = Rq'; the estimate wants R(q' − c_k): the centroid's part is exact
    float[] rc = qz.rotatedCentroids[centroid];
    double g = 0;
    for (int d = 0; d < dim; d++) {
      g += y[d] >= 0 ? rc[d] : -rc[d];
    }
    double e = l2 ? -sq - 2 * f * g : cr - f * g;
    code[off + words] = (Float.floatToRawIntBits(f) & 0xFFFFFFFFL) | (long) centroid << 32;
    code[off + words + 1] = Float.floatToRawIntBits((float) e) & 0xFFFFFFFFL;
    encodedSince.incrementAndGet();
    squaresSince.add(sq);
  }

  @Override
  Scorer buildScorer() {
    return exact; // a graph built on sign codes links poorly; it is built on the floats
  }

  @Override
  Object prepare(float[] query) {
    Quantizer qz = quantizer;
    if (qz == null) {
      return query;
    }
    float[][] s = scratch.get();
    float[] centred = s[0];
    float[] z = s[1];
    for (int d = 0; d < dim; d++) {
      centred[d] = l2 ? query[d] - qz.mean[d] : query[d];
    }
    float[] constant = new float[qz.centroids.length];
    float qq = l2 ? K.dot(centred, 0, centred, 0, dim) : 0;
    for (int i = 0; i < constant.length; i++) {
      float dot = K.dot(centred, 0, qz.centroids[i], 0, dim);
      // dot: q·c; L2: −|q' − c|² = −|q'|² + 2q'·c − |c|²
      constant[i] = l2 ? 2 * dot - qz.centroidSquares[i] - qq : dot;
    }
    qz.rotation.apply(centred, z, s[2]);
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (float x : z) {
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
    int levels = (1 << QUERY_BITS) - 1;
    float step = (high - low) / levels;
    long[] planes = new long[QUERY_BITS * words];
    long units = 0;
    for (int d = 0; d < dim; d++) {
      int u = step > 0 ? Math.min(levels, Math.max(0, Math.round((z[d] - low) / step))) : 0;
      units += u;
      int base = QUERY_BITS * (d >>> 6);
      long bit = 1L << (d & 63);
      for (int j = 0; j < QUERY_BITS; j++) {
        if ((u & (1 << j)) != 0) {
          planes[base + j] |= bit;
        }
      }
    }
    float sum = (float) ((double) dim * low + (double) step * units); // Σz at QUERY_BITS bits
    return new Query(planes, low, step, sum, constant);
  }

  @Override
  float score(Object prepared, int ord) {
    if (!(prepared instanceof Query q)) {
      return exact.score(prepared, ord);
    }
    return estimate(q, codes[Chunks.chunk(ord)], Chunks.slot(ord) * stride);
  }

  private float estimate(Query q, long[] c, int off) {
    long[] p = q.planes;
    int ones = 0;
    int weighted = 0;
    for (int w = 0, j = 0; w < words; w++, j += QUERY_BITS) {
      long b = c[off + w];
      ones += Long.bitCount(b);
      int x = 0;
      for (int bit = QUERY_BITS - 1; bit >= 0; bit--) {
        x = 2 * x + Long.bitCount(b & p[j + bit]);
      }
      weighted += x;
    }
    float positive = q.lo * ones + q.delta * weighted; // Σ of z where y ≥ 0
    long meta = c[off + words];
    float zy = Float.intBitsToFloat((int) meta) * (2 * positive - q.sum);
    float e = Float.intBitsToFloat((int) c[off + words + 1]);
    return q.constant[(int) (meta >>> 32)] + (l2 ? 2 * zy : zy) + e;
  }

  @Override
  void scoreAll(Object prepared, int[] nodes, int count, float[] out) {
    if (!(prepared instanceof Query q)) {
      exact.scoreAll(prepared, nodes, count, out);
      return;
    }
    long[][] c = codes;
    for (int i = 0; i < count; i++) {
      out[i] = estimate(q, c[Chunks.chunk(nodes[i])], Chunks.slot(nodes[i]) * stride);
    }
  }

  @Override
  float scoreBetween(int a, int b) {
    return exact.scoreBetween(a, b);
  }

  @Override
  long ramBytesUsed() {
    Quantizer qz = quantizer;
    long perChunk = 16L + 8L * Chunks.SIZE * stride;
    long quantizerBytes = qz == null ? 0
        : 4L * dim * (1 + qz.centroids.length) + 20L * qz.centroids.length + qz.rotation.ramBytesUsed();
    return 64L + quantizerBytes + (long) codes.length * perChunk;
  }

  @Override
  void replaceWith(QuantizedScorer replacement) {
    BinaryScorer other = (BinaryScorer) replacement;
    this.codes = other.codes;
    this.trainedOn = other.trainedOn;
    this.quantizer = other.quantizer;
  }

  @Override
  void write(IndexOutput out, int[] order) throws IOException {
    Quantizer qz = quantizer;
    out.writeByte(qz != null ? 1 : 0);
    if (qz == null) {
      return;
    }
    out.writeFloats(qz.mean, 0, dim);
    out.writeFloat((float) qz.trainedSquares);
    out.writeInt(qz.centroids.length);
    for (float[] c : qz.centroids) {
      out.writeFloats(c, 0, dim);
    }
    qz.rotation.write(out);
    long[] buf = new long[Math.min(order.length, Chunks.SIZE) * stride];
    for (int from = 0; from < order.length; from += Chunks.SIZE) {
      int count = Math.min(Chunks.SIZE, order.length - from);
      for (int i = 0; i < count; i++) {
        int ord = order[from + i];
        System.arraycopy(codes[Chunks.chunk(ord)], Chunks.slot(ord) * stride, buf, i * stride, stride);
      }
      out.writeLongs(buf, 0, count * stride);
    }
  }

  @Override
  void read(IndexInput in, int n) throws IOException {
    int flag = in.readByte();
    if (flag == 0) {
      return;
    }
    if (flag != 1) {
      throw new IndexCorruptedException(in.file(), "quantizer flag " + flag);
    }
    float[] mu = new float[dim];
    in.readFloats(mu, 0, dim);
    checkFinite(in, mu, "mean");
    float sq = in.readFloat();
    if (!(sq >= 0) || Float.isInfinite(sq)) {
      throw new IndexCorruptedException(in.file(), "mean squared residual " + sq);
    }
    int k = in.readInt("centroids", 1, MAX_CENTROIDS);
    float[][] centroids = new float[k][dim];
    for (int i = 0; i < k; i++) {
      in.readFloats(centroids[i], 0, dim);
      checkFinite(in, centroids[i], "centroid " + i);
    }
    Rotation rot = Rotation.read(in, dim);
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      int count = Math.min(Chunks.SIZE, n - ord);
      long[] c = codes[Chunks.chunk(ord)];
      in.readLongs(c, 0, count * stride);
      for (int i = 0; i < count; i++) {
        long meta = c[i * stride + words];
        float f = Float.intBitsToFloat((int) meta);
        long centroid = meta >>> 32;
        float e = Float.intBitsToFloat((int) c[i * stride + words + 1]);
        if (!(f >= 0) || Float.isInfinite(f) || centroid >= k || !Float.isFinite(e)) {
          throw new IndexCorruptedException(in.file(), "binary code of vector " + (ord + i) + ": factor " + f
              + ", centroid " + centroid + ", correction " + e);
        }
      }
    }
    this.quantizer = Quantizer.of(mu, centroids, rot, sq);
    this.trainedOn = n;
  }

  private static void checkFinite(IndexInput in, float[] values, String what) {
    for (float x : values) {
      if (!Float.isFinite(x)) {
        throw new IndexCorruptedException(in.file(), what + " holds " + x);
      }
    }
  }
}
