package io.embedkit.examples;

import io.embedkit.analysis.KMeans;
import io.embedkit.analysis.Pca;
import io.embedkit.analysis.ScatterPlot;
import io.embedkit.analysis.Silhouette;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clusters twelve sentences on three topics with k-means, reports the silhouette score, and draws them
 * (PCA to 2-D, one colour per cluster, each sentence named) as a PNG or SVG.
 */
public final class ClusteringExample {
  /** The sentences: four each about pets, money and the weather. */
  public static final List<String> SENTENCES = List.of(
      "The cat sleeps on the sofa", "My dog loves long walks", "The kitten chased a toy mouse",
      "Our puppy learned to sit",
      "Stock markets fell sharply today", "The central bank raised interest rates",
      "Investors worry about inflation", "The company reported record profits",
      "Heavy rain is expected tomorrow", "A storm is approaching the coast", "It will be sunny and warm this weekend",
      "Snow fell overnight in the mountains");

  private ClusteringExample() {}

  /**
   * Runs the example.
   *
   * @param plot the {@code .png} or {@code .svg} file to draw
   * @param out where to print
   * @return each sentence's cluster
   * @throws IOException if the plot cannot be written
   */
  public static int[] run(Path plot, PrintWriter out) throws IOException {
    try (Encoder<String> encoder = Encoders.open("minilm", String.class)) {
      List<float[]> vectors = encoder.encodeAll(SENTENCES);
      KMeans.Result clusters = KMeans.fit(vectors, KMeans.Config.of(3).withNormalize(true));
      for (int c = 0; c < clusters.k(); c++) {
        out.printf("cluster %d:%n", c);
        for (int i = 0; i < SENTENCES.size(); i++) {
          if (clusters.labels()[i] == c) {
            out.printf("  %s%n", SENTENCES.get(i));
          }
        }
      }
      out.printf(Locale.ROOT, "silhouette (cosine): %.3f%n", Silhouette.score(vectors, clusters.labels(), Metric.COSINE));
      List<String> groups = new ArrayList<>();
      for (int label : clusters.labels()) {
        groups.add("cluster " + label);
      }
      List<double[]> points = Pca.fit(vectors, 2).transform(vectors);
      ScatterPlot.write(plot, points, groups, SENTENCES,
          new ScatterPlot.Options(1000, 700, "Twelve sentences, k-means (k = 3), PCA", true)
              .withAxisTitles("PC1", "PC2"));
      out.printf("plot: %s%n", plot);
      out.flush();
      return clusters.labels();
    }
  }

  /**
   * Runs the example: {@code [PLOT.png|svg]} (default {@code clusters.png}).
   *
   * @param args the optional plot file
   * @throws IOException if the plot cannot be written
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "clusters.png"), new PrintWriter(System.out, true));
  }
}
