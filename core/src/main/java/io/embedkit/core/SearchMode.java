package io.embedkit.core;

import java.util.Locale;

/** Which index an {@link EmbeddingStore} search asks. */
public enum SearchMode {
  /** The nearest vectors to the query's embedding. */
  VECTOR,
  /** The best keyword matches of the query's text (needs a {@link KeywordIndex} and a text query). */
  KEYWORD,
  /** Both, fused into one ranking by a {@link Fusion}. */
  HYBRID;

  /**
   * Parses a mode name, ignoring case.
   *
   * @param name {@code vector}, {@code keyword} or {@code hybrid}
   * @return the mode
   * @throws InvalidInputException naming the value and the accepted ones
   */
  public static SearchMode parse(String name) {
    if (name != null) {
      for (SearchMode m : values()) {
        if (m.name().equalsIgnoreCase(name.trim())) {
          return m;
        }
      }
    }
    throw new InvalidInputException("unknown search mode '" + name + "': use vector, keyword or hybrid");
  }

  /**
   * Returns the mode's name as the command line writes it.
   *
   * @return the lower-case name
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
