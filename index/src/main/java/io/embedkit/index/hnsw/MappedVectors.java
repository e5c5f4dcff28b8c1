package io.embedkit.index.hnsw;

import io.embedkit.index.store.IndexInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Full-precision vectors off the heap: a temporary file (deleted when closed, and by the operating system's
 * view of it at once, since it is unlinked right after opening) mapped in chunks of {@link Chunks#SIZE}
 * vectors. Pages the searches do not touch stay on disk. The folder is {@code embedkit.index.tmpdir} or the
 * JVM's temporary folder.
 */
final class MappedVectors implements FullVectors {
  /** The system property naming the folder for the mapped files. */
  static final String TMPDIR = "embedkit.index.tmpdir";

  private final int dim;
  private final long chunkBytes;
  private FileChannel channel;
  private volatile FloatBuffer[] chunks = new FloatBuffer[0];

  MappedVectors(int dim) {
    this.dim = dim;
    this.chunkBytes = 4L * Chunks.SIZE * dim;
    this.channel = open();
  }

  private static FileChannel open() {
    try {
      Path dir = Path.of(System.getProperty(TMPDIR, System.getProperty("java.io.tmpdir")));
      Path file = Files.createTempFile(dir, "embedkit-vectors-", ".f32");
      FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Files.delete(file); // the mapping keeps the space; nothing is left behind, even after kill -9
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the file for off-heap vectors: " + e.getMessage(), e);
    }
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void grow(int count) {
    FloatBuffer[] c = chunks;
    if (count <= c.length) {
      return;
    }
    if (channel == null) {
      throw new IllegalStateException("the index is closed");
    }
    FloatBuffer[] bigger = Arrays.copyOf(c, count);
    try {
      for (int i = c.length; i < count; i++) {
        bigger[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * chunkBytes, chunkBytes)
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + (count * chunkBytes >> 20) + " MiB for off-heap vectors: "
          + e.getMessage(), e);
    }
    chunks = bigger;
  }

  @Override
  public void set(int ord, float[] v) {
    chunks[Chunks.chunk(ord)].put(Chunks.slot(ord) * dim, v, 0, dim);
  }

  @Override
  public void copyTo(int ord, float[] dst) {
    chunks[Chunks.chunk(ord)].get(Chunks.slot(ord) * dim, dst, 0, dim);
  }

  @Override
  public long ramBytesUsed() {
    return 64L + 64L * chunks.length;
  }

  @Override
  public long offHeapBytes() {
    return chunks.length * chunkBytes;
  }

  @Override
  public void read(IndexInput in, int n) throws IOException {
    float[] buf = new float[Math.min(n, Chunks.SIZE) * dim];
    for (int ord = 0; ord < n; ord += Chunks.SIZE) {
      int len = Math.min(Chunks.SIZE, n - ord) * dim;
      in.readFloats(buf, 0, len);
      chunks[Chunks.chunk(ord)].put(0, buf, 0, len);
    }
  }

  @Override
  public void replaceWith(FullVectors other) {
    MappedVectors o = (MappedVectors) other;
    FileChannel old = channel;
    channel = o.channel;
    chunks = o.chunks;
    o.channel = null;
    o.chunks = new FloatBuffer[0];
    closeQuietly(old);
  }

  @Override
  public void close() {
    closeQuietly(channel);
    channel = null;
    // the mappings stay valid until they are collected; nothing reads them after the index is closed
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // a temporary file already unlinked: nothing to recover
      }
    }
  }
}
