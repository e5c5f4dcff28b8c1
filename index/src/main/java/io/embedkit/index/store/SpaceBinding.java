package io.embedkit.index.store;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.Metric;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link EmbeddingSpace} an index's vectors come from, bound at most once and saved with the index
 * (format version 2 and later; older files have none).
 */
public final class SpaceBinding {
  private final int dimension;
  private final AtomicReference<EmbeddingSpace> space = new AtomicReference<>();

  /**
   * Returns an unbound binding for an index of one dimension.
   *
   * @param dimension the index's dimension
   */
  public SpaceBinding(int dimension) {
    this.dimension = dimension;
  }

  /**
   * Returns the bound space.
   *
   * @return the space, or empty before {@link #bind}
   */
  public Optional<EmbeddingSpace> get() {
    return Optional.ofNullable(space.get());
  }

  /**
   * Binds a space, or checks it against the one already bound.
   *
   * @param s the space of the vectors being stored
   * @throws InvalidInputException if the dimension differs from the index's or another space is bound
   */
  public void bind(EmbeddingSpace s) {
    if (s.dimension() != dimension) {
      throw new InvalidInputException("space " + s + " has dimension " + s.dimension() + ", the index "
          + dimension);
    }
    EmbeddingSpace before = space.compareAndExchange(null, s);
    if (before != null && !before.isCompatibleWith(s)) {
      throw new InvalidInputException("the index holds vectors of space " + before
          + ", which cannot be compared with space " + s);
    }
  }

  /**
   * Writes the binding: a flag, then the space's fields (format version 3: with the fingerprint, empty when
   * the space has none).
   *
   * @param out the index body being written
   * @throws IOException if writing fails
   */
  public void write(IndexOutput out) throws IOException {
    EmbeddingSpace s = space.get();
    out.writeByte(s == null ? 0 : 1);
    if (s != null) {
      out.writeString(s.name());
      out.writeInt(s.dimension());
      out.writeByte(s.normalized() ? 1 : 0);
      out.writeString(s.metric().name());
      out.writeString(s.fingerprint() == null ? "" : s.fingerprint());
    }
  }

  /**
   * Reads a binding written by {@link #write} into this unbound one.
   *
   * @param in the index body being read
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the stored space is malformed or of another dimension
   */
  public void read(IndexInput in) throws IOException {
    read(in, 2);
  }

  /**
   * Reads a binding written by {@link #write} with a file of some format version into this unbound one.
   *
   * @param in the index body being read
   * @param version the file's format version: 2 without a fingerprint, 3 and later with one
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the stored space is malformed or of another dimension
   */
  public void read(IndexInput in, int version) throws IOException {
    int flag = in.readByte();
    if (flag == 0) {
      return;
    }
    if (flag != 1) {
      throw new IndexCorruptedException(in.file(), "embedding space flag is " + flag);
    }
    String name = in.readString();
    int dim = in.readInt("space dimension", 1, io.embedkit.core.Checks.MAX_DIMENSION);
    int normalized = in.readByte();
    String metric = in.readString();
    String fingerprint = version >= 3 ? in.readString() : null;
    try {
      bind(new EmbeddingSpace(name, dim, normalized == 1, Metric.valueOf(metric), fingerprint));
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new IndexCorruptedException(in.file(), "malformed embedding space: " + e.getMessage());
    }
  }
}
