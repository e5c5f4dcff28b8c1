package io.embedkit.examples;

import io.embedkit.analysis.Similarity;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The sentence-transformers similarity example: how close "That is a happy person" is to three other
 * sentences, then the whole cosine matrix. Prints 0.9429, 0.6946 and 0.2569, as Python does.
 */
public final class SimilarityExample {
  /** The sentences compared. */
  public static final List<String> SENTENCES = List.of("That is a happy person", "That is a very happy person",
      "That is a happy dog", "Today is a sunny day");

  private SimilarityExample() {}

  /**
   * Runs the example.
   *
   * @param out where to print
   */
  public static void run(PrintWriter out) {
    try (Encoder<String> encoder = Encoders.open("minilm", String.class)) {
      List<float[]> vectors = encoder.encodeAll(SENTENCES);
      float[][] m = Similarity.cosine(vectors);
      for (int i = 1; i < SENTENCES.size(); i++) {
        out.printf(Locale.ROOT, "%.4f  \"%s\" vs \"%s\"%n", m[0][i], SENTENCES.get(0), SENTENCES.get(i));
      }
      out.println();
      for (float[] row : m) {
        StringBuilder line = new StringBuilder();
        for (float v : row) {
          line.append(String.format(Locale.ROOT, "%8.4f", v));
        }
        out.println(line);
      }
    }
    out.flush();
  }

  /**
   * Runs the example on stdout.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(new PrintWriter(System.out, true));
  }
}
