package io.embedkit.index.hnsw;

/**
 * How an {@link HnswIndex} holds the vectors its graph is built and searched on.
 *
 * <ul>
 *   <li>{@link #NONE}: 32-bit floats on the heap; scores are exact.
 *   <li>{@link #INT8}: one signed byte per component (scalar quantization after centring, with a range learned
 *       from the data and re-learned by {@code compact()}) on the heap, a quarter of the floats' bytes; the
 *       full-precision vectors live off the heap in a memory-mapped file and rescore the best
 *       {@code k × oversample} of each search's {@code efSearch} candidates, so the hits' scores are exact.
 *   <li>{@link #BINARY}: one bit per component (the sign of the vector's offset from the nearest of up to 64
 *       learned centroids, after a random rotation, with two corrections per vector) on the heap, a 24th of the
 *       floats' bytes at 384 dimensions; the graph is built on the full-precision vectors and searched on the
 *       codes; a search gathers at least {@code k × oversample} candidates and rescores every one it gathered
 *       with the full-precision vectors, which live off the heap as with {@link #INT8}. One bit per component
 *       ranks well from about 100 components on; below that, or for data whose nearest neighbours are near-ties
 *       (no structure), widen {@code efSearch} or use {@link #INT8}.
 * </ul>
 */
public enum HnswQuantization {
  /** Full-precision floats. */
  NONE,
  /** 8-bit scalar codes with float rescoring. */
  INT8,
  /** 1-bit codes with float rescoring. */
  BINARY;

  /**
   * Reads a mode by name, as the CLI and configuration files give it.
   *
   * @param name {@code none}, {@code int8} or {@code binary}, in any case
   * @return the mode
   * @throws io.embedkit.core.InvalidInputException naming the known modes
   */
  public static HnswQuantization parse(String name) {
    for (HnswQuantization q : values()) {
      if (q.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return q;
      }
    }
    throw new io.embedkit.core.InvalidInputException("unknown quantization '" + name + "': use none, int8 or binary");
  }

  /**
   * Returns how many candidates per wanted hit a search rescores by default.
   *
   * @return the default oversampling factor
   */
  public int defaultOversample() {
    return switch (this) {
      case NONE -> 1;
      case INT8 -> 3;
      case BINARY -> 3;
    };
  }
}
