package io.embedkit.examples;

import io.embedkit.analysis.KnnClassifier;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Classifies sentences by topic with a k-nearest-neighbour vote over a few labelled examples, and reports the
 * accuracy on held-out sentences.
 */
public final class KnnClassificationExample {
  /** Labelled training sentences: label, then text. */
  public static final List<List<String>> TRAINING = List.of(
      List.of("sport", "The striker scored twice in the final"), List.of("sport", "She won the marathon in record time"),
      List.of("sport", "The team lost the match on penalties"), List.of("sport", "He serves at over 200 km/h"),
      List.of("food", "Knead the dough and let it rise"), List.of("food", "This soup needs more salt"),
      List.of("food", "Grill the fish for four minutes a side"), List.of("food", "The bakery sells fresh croissants"),
      List.of("tech", "The new phone has a faster chip"), List.of("tech", "Update your browser to fix the bug"),
      List.of("tech", "The laptop battery lasts ten hours"), List.of("tech", "The Wi-Fi network keeps dropping"),
      List.of("tech", "Reboot the computer after installing updates"));

  /** Held-out sentences with their true labels. */
  public static final List<List<String>> TEST = List.of(
      List.of("sport", "The goalkeeper saved a late penalty"), List.of("sport", "The cyclists climbed the mountain stage"),
      List.of("food", "Add the garlic and simmer gently"), List.of("food", "Fresh pasta cooks in two minutes"),
      List.of("tech", "Restart the router to restore the connection"), List.of("tech", "The app crashes when I upload photos"));

  private KnnClassificationExample() {}

  /**
   * Runs the example.
   *
   * @param out where to print
   * @return the accuracy on the held-out sentences
   */
  public static double run(PrintWriter out) {
    try (Encoder<String> encoder = Encoders.open("minilm", String.class)) {
      List<float[]> train = encoder.encodeAll(TRAINING.stream().map(e -> e.get(1)).toList());
      List<String> labels = TRAINING.stream().map(e -> e.get(0)).toList();
      try (KnnClassifier knn = KnnClassifier.fit(train, labels, Metric.COSINE, 3)) {
        List<float[]> test = encoder.encodeAll(TEST.stream().map(e -> e.get(1)).toList());
        for (int i = 0; i < TEST.size(); i++) {
          KnnClassifier.Prediction p = knn.predict(test.get(i));
          out.printf(Locale.ROOT, "%-6s (%.2f)  %s%n", p.label(), p.confidence(), TEST.get(i).get(1));
        }
        double accuracy = knn.accuracy(test, TEST.stream().map(e -> e.get(0)).toList());
        out.printf(Locale.ROOT, "accuracy on %d held-out sentences: %.2f%n", TEST.size(), accuracy);
        out.flush();
        return accuracy;
      }
    }
  }

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(new PrintWriter(System.out, true));
  }
}
