package io.embedkit.index.hnsw;

import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.vector.Kernels;
import io.embedkit.core.vector.VectorKernels;
import io.embedkit.index.store.IndexInput;
import io.embedkit.index.store.IndexOutput;
import java.io.IOException;
import java.util.Random;

/**
 * A random orthogonal map of vectors: the components are permuted at random, then each block of at most
 * {@link #MAX_BLOCK} consecutive components is turned by a random rotation (Gram-Schmidt on a Gaussian
 * matrix). Dot products and lengths are kept; a component that carried much of the variance is spread over
 * its block, so every bit of a sign code says about as much. Immutable; thread-safe.
 */
final class Rotation {
  /** The largest block turned as one: the cost per vector is at most {@code dim × MAX_BLOCK}. */
  static final int MAX_BLOCK = 256;

  private static final VectorKernels K = Kernels.get();

  private final int dim;
  private final int[] permutation;
  private final int[] starts; // block b covers [starts[b], starts[b + 1])
  private final float[][] blocks; // row-major, size × size

  private Rotation(int dim, int[] permutation, int[] starts, float[][] blocks) {
    this.dim = dim;
    this.permutation = permutation;
    this.starts = starts;
    this.blocks = blocks;
  }

  /**
   * Draws a rotation.
   *
   * @param dim the dimension
   * @param seed the seed: the same seed gives the same rotation
   * @return the rotation
   */
  static Rotation random(int dim, long seed) {
    Random r = new Random(seed);
    int[] perm = new int[dim];
    for (int i = 0; i < dim; i++) {
      perm[i] = i;
    }
    for (int i = dim - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int count = (dim + MAX_BLOCK - 1) / MAX_BLOCK;
    int[] starts = new int[count + 1];
    float[][] blocks = new float[count][];
    for (int b = 0; b < count; b++) {
      starts[b + 1] = (int) ((long) dim * (b + 1) / count); // blocks of equal size, within one
      blocks[b] = orthogonal(starts[b + 1] - starts[b], r);
    }
    return new Rotation(dim, perm, starts, blocks);
  }

  /** A random s × s orthogonal matrix, row-major: Gram-Schmidt (twice over) on Gaussian rows. */
  private static float[] orthogonal(int s, Random r) {
    double[][] rows = new double[s][s];
    for (int i = 0; i < s; i++) {
      double[] v = rows[i];
      for (int d = 0; d < s; d++) {
        v[d] = r.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < i; j++) {
          double[] u = rows[j];
          double dot = 0;
          for (int d = 0; d < s; d++) {
            dot += v[d] * u[d];
          }
          for (int d = 0; d < s; d++) {
            v[d] -= dot * u[d];
          }
        }
      }
      double norm = 0;
      for (int d = 0; d < s; d++) {
        norm += v[d] * v[d];
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < s; d++) {
        v[d] /= norm;
      }
    }
    float[] m = new float[s * s];
    for (int i = 0; i < s; i++) {
      for (int d = 0; d < s; d++) {
        m[i * s + d] = (float) rows[i][d];
      }
    }
    return m;
  }

  int dim() {
    return dim;
  }

  /**
   * Maps {@code in} into {@code out}.
   *
   * @param in the vector
   * @param out where the turned vector goes (not {@code in})
   * @param scratch {@code dim} floats of workspace
   */
  void apply(float[] in, float[] out, float[] scratch) {
    for (int d = 0; d < dim; d++) {
      scratch[d] = in[permutation[d]];
    }
    for (int b = 0; b < blocks.length; b++) {
      int from = starts[b];
      int s = starts[b + 1] - from;
      float[] m = blocks[b];
      for (int i = 0; i < s; i++) {
        out[from + i] = K.dot(m, i * s, scratch, from, s);
      }
    }
  }

  long ramBytesUsed() {
    long bytes = 64L + 4L * dim + 4L * starts.length;
    for (float[] m : blocks) {
      bytes += 16L + 4L * m.length;
    }
    return bytes;
  }

  void write(IndexOutput out) throws IOException {
    out.writeInt(blocks.length);
    for (int d = 0; d < dim; d++) {
      out.writeInt(permutation[d]);
    }
    for (int b = 0; b < blocks.length; b++) {
      out.writeInt(starts[b + 1]);
      out.writeFloats(blocks[b], 0, blocks[b].length);
    }
  }

  static Rotation read(IndexInput in, int dim) throws IOException {
    int count = in.readInt();
    if (count < 1 || count > dim) {
      throw new IndexCorruptedException(in.file(), "rotation of " + count + " blocks for dimension " + dim);
    }
    int[] perm = new int[dim];
    boolean[] seen = new boolean[dim];
    for (int d = 0; d < dim; d++) {
      int p = in.readInt();
      if (p < 0 || p >= dim || seen[p]) {
        throw new IndexCorruptedException(in.file(), "rotation permutation entry " + p);
      }
      seen[p] = true;
      perm[d] = p;
    }
    int[] starts = new int[count + 1];
    float[][] blocks = new float[count][];
    for (int b = 0; b < count; b++) {
      int end = in.readInt();
      int s = end - starts[b];
      if (s < 1 || s > MAX_BLOCK || end > dim || (b == count - 1 && end != dim)) {
        throw new IndexCorruptedException(in.file(), "rotation block ending at " + end);
      }
      starts[b + 1] = end;
      blocks[b] = new float[s * s];
      in.readFloats(blocks[b], 0, s * s);
      for (float x : blocks[b]) {
        if (!(Math.abs(x) <= 1.0001f)) {
          throw new IndexCorruptedException(in.file(), "rotation entry " + x);
        }
      }
    }
    return new Rotation(dim, perm, starts, blocks);
  }
}
