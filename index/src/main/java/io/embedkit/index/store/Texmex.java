package io.embedkit.index.store;

import io.embedkit.core.AtomicFiles;
import io.embedkit.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * TEXMEX vector files, the format of the ANN benchmark sets: {@code .fvecs} rows of float32 and {@code .ivecs}
 * rows of int32 (e.g. ground-truth neighbour ids), each row its little-endian int32 length then its values.
 * Reading checks every row's length; writing is atomic.
 */
public final class Texmex {
  private Texmex() {}

  /**
   * Reads a {@code .fvecs} file.
   *
   * @param file the file
   * @return its rows
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the row whose length is unusable, differs from row 0's, or is cut off
   */
  public static List<float[]> readFvecs(Path file) throws IOException {
    return readFvecs(file, Integer.MAX_VALUE);
  }

  /**
   * Reads the first rows of a {@code .fvecs} file.
   *
   * @param file the file
   * @param limit the most rows to read
   * @return its first rows
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the row whose length is unusable, differs from row 0's, or is cut off
   */
  public static List<float[]> readFvecs(Path file, int limit) throws IOException {
    List<float[]> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] head = new byte[4];
      while (out.size() < limit) {
        int r = in.read(head);
        if (r < 0) {
          return out;
        }
        if (r < 4) {
          try {
            in.readFully(head, r, 4 - r);
          } catch (EOFException e) {
            throw new InvalidInputException(file + ": row " + out.size() + " is truncated");
          }
        }
        int dim = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dim <= 0 || dim > io.embedkit.core.Checks.MAX_DIMENSION) {
          throw new InvalidInputException(file + ": row " + out.size() + " has dimension " + dim
              + "; dimensions are 1 to " + io.embedkit.core.Checks.MAX_DIMENSION);
        }
        if (!out.isEmpty() && dim != out.get(0).length) {
          throw new InvalidInputException(file + ": row " + out.size() + " has dimension " + dim
              + ", row 0 has " + out.get(0).length);
        }
        byte[] body = new byte[4 * dim];
        try {
          in.readFully(body);
        } catch (EOFException e) {
          throw new InvalidInputException(file + ": row " + out.size() + " is truncated");
        }
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Reads an {@code .ivecs} file.
   *
   * @param file the file
   * @return its rows
   * @throws IOException if reading fails
   * @throws InvalidInputException naming a row that is unusable
   */
  public static List<int[]> readIvecs(Path file) throws IOException {
    List<int[]> out = new ArrayList<>();
    for (float[] row : readFvecs(file)) { // same layout, 4-byte values: reinterpret the bits
      int[] ids = new int[row.length];
      for (int i = 0; i < row.length; i++) {
        ids[i] = Float.floatToRawIntBits(row[i]);
      }
      out.add(ids);
    }
    return out;
  }

  /**
   * Writes a {@code .fvecs} file atomically.
   *
   * @param file the file
   * @param vectors the rows
   * @throws IOException if writing fails; the file is then as it was
   */
  public static void writeFvecs(Path file, List<float[]> vectors) throws IOException {
    write(file, vectors, v -> v.length, (b, v) -> b.asFloatBuffer().put(v));
  }

  /**
   * Writes an {@code .ivecs} file atomically.
   *
   * @param file the file
   * @param rows the rows
   * @throws IOException if writing fails; the file is then as it was
   */
  public static void writeIvecs(Path file, List<int[]> rows) throws IOException {
    write(file, rows, v -> v.length, (b, v) -> b.asIntBuffer().put(v));
  }

  /** Writes rows of 4-byte values, each after its length. */
  private static <T> void write(Path file, List<T> rows, ToIntFunction<T> length, BiConsumer<ByteBuffer, T> values)
      throws IOException {
    AtomicFiles.write(file, raw -> {
      BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16);
      for (T row : rows) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * length.applyAsInt(row)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length.applyAsInt(row));
        values.accept(b, row); // a view from the current position: after the length
        out.write(b.array());
      }
      out.flush();
    });
  }
}
