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
 * </ul>
 */
public enum HnswQuantization {
  /** Full-precision floats. */
  NONE,
  /** 8-bit scalar codes with float rescoring. */
  INT8;

  /**
   * Reads a mode by name, as the CLI and configuration files give it.
   *
   * @param name {@code none} or {@code int8}, in any case
   * @return the mode
   * @throws io.embedkit.core.InvalidInputException naming the known modes
   */
  public static HnswQuantization parse(String name) {
    for (HnswQuantization q : values()) {
      if (q.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return q;
      }
    }
    throw new io.embedkit.core.InvalidInputException("unknown quantization '" + name + "': use none or int8");
  }

  /**
   * Returns how many candidates per wanted hit a search rescores by default.
   *
   * @return the default oversampling factor
   */
  public int defaultOversample() {
    return this == NONE ? 1 : 3;
  }
}
