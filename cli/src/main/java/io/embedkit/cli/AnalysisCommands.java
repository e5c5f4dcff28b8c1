package io.embedkit.cli;

import io.embedkit.analysis.KMeans;
import io.embedkit.analysis.KnnClassifier;
import io.embedkit.analysis.NearDuplicates;
import io.embedkit.analysis.Pca;
import io.embedkit.analysis.ScatterPlot;
import io.embedkit.analysis.Silhouette;
import io.embedkit.analysis.Similarity;
import io.embedkit.analysis.Tsne;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The embedding tasks on vector files: similarity, clustering, classification, plots, near-duplicates. */
final class AnalysisCommands {
  private AnalysisCommands() {}

  /** {@code --in VECTORS}: the vector file a task reads. */
  static final class VectorsIn {
    @Option(names = "--in", required = true, paramLabel = "VECTORS", description = "Vectors: .jsonl or .fvecs.")
    Path in;

    VectorFiles.Labeled read() throws IOException {
      return AnalysisCommands.read(in);
    }
  }

  /** {@code --metric}: how similarity is scored, by default the metric of the vectors' model. */
  static final class MetricOption {
    @Option(names = "--metric", paramLabel = "cosine|dot|l2|l1",
        description = "Metric (default: the vectors' model's, else cosine).")
    String metric;

    Metric of(VectorFiles.Labeled data) {
      return metricOf(metric, data);
    }
  }

  static VectorFiles.Labeled read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("vector file " + file + " does not exist");
    }
    VectorFiles.Labeled data = VectorFiles.read(file);
    if (data.vectors().isEmpty()) {
      throw new InvalidInputException(file + " holds no vectors");
    }
    return data;
  }

  /** An item's text for display: its text or path field, else its id. */
  static String describe(VectorFiles.Labeled data, int i) {
    Map<String, Object> f = data.fields().get(i);
    return String.valueOf(f.getOrDefault("text", f.getOrDefault("path", data.ids().get(i))));
  }

  static Metric metricOf(String name, VectorFiles.Labeled data) {
    if (name != null) {
      return Metric.parse(name);
    }
    return data.space() != null ? data.space().metric() : Metric.COSINE;
  }

  /** Pairwise similarity matrix. */
  @Command(name = "similarity", mixinStandardHelpOptions = true,
      description = "Pairwise similarity matrix of the vectors in a file.")
  static final class SimilarityCommand implements Callable<Integer> {
    @CommandLine.Mixin VectorsIn input;

    @CommandLine.Mixin MetricOption metric;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the matrix as CSV instead of printing it.")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VectorFiles.Labeled data = input.read();
      float[][] m = Similarity.matrix(data.vectors(), metric.of(data));
      String sep = out == null ? "\t" : ",";
      StringBuilder sb = new StringBuilder("id");
      for (String id : data.ids()) {
        sb.append(sep).append(out == null ? id : csv(id));
      }
      sb.append('\n');
      for (int i = 0; i < m.length; i++) {
        sb.append(out == null ? data.ids().get(i) : csv(data.ids().get(i)));
        for (float v : m[i]) {
          sb.append(sep).append(String.format(Locale.ROOT, "%.6f", v));
        }
        sb.append('\n');
      }
      if (out == null) {
        PrintWriter w = spec.commandLine().getOut();
        w.print(sb);
        w.flush();
      } else {
        Files.writeString(out, sb);
        spec.commandLine().getErr().printf("%d x %d similarity matrix -> %s%n", m.length, m.length, out);
      }
      return 0;
    }

    private static String csv(String s) {
      return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
  }

  /** k-means clustering with the silhouette score. */
  @Command(name = "cluster", mixinStandardHelpOptions = true,
      description = "k-means clustering (k-means++ seeding) with the silhouette score.")
  static final class ClusterCommand implements Callable<Integer> {
    @CommandLine.Mixin VectorsIn input;

    @Option(names = "--k", required = true, description = "Number of clusters.")
    int k;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.jsonl",
        description = "Write the vectors again with a \"cluster\" field (for plot --label cluster).")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png|svg", description = "Also draw the clusters (PCA to 2-D).")
    Path plot;

    @Option(names = "--normalize", negatable = true,
        description = "Cluster by direction (L2-normalise first); default: when the vectors' model is cosine.")
    Boolean normalize;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VectorFiles.Labeled data = input.read();
      boolean byDirection = normalize != null ? normalize
          : data.space() != null && data.space().metric() == Metric.COSINE;
      KMeans.Result r = KMeans.fit(data.vectors(), KMeans.Config.of(k).withSeed(seed).withNormalize(byDirection));
      PrintWriter w = spec.commandLine().getOut();
      for (int c = 0; c < r.k(); c++) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < r.labels().length; i++) {
          if (r.labels()[i] == c) {
            members.add(i);
          }
        }
        w.printf("cluster %d (%d item%s)%n", c, members.size(), members.size() == 1 ? "" : "s");
        for (int i : members) {
          w.printf("  %s\t%s%n", data.ids().get(i), describe(data, i));
        }
      }
      if (r.k() > 1 && data.vectors().size() > r.k()) {
        w.printf(Locale.ROOT, "silhouette %.4f%n", Silhouette.score(data.vectors(), r.labels(),
            byDirection ? Metric.COSINE : Metric.L2));
      }
      w.flush();
      List<String> labels = new ArrayList<>();
      List<Map<String, Object>> fields = new ArrayList<>();
      for (int i = 0; i < r.labels().length; i++) {
        labels.add(Integer.toString(r.labels()[i]));
        Map<String, Object> f = new HashMap<>(data.fields().get(i));
        f.put("cluster", labels.get(i));
        fields.add(f);
      }
      if (out != null) {
        VectorFiles.write(out, new VectorFiles.Labeled(data.ids(), data.vectors(), fields, data.space()));
      }
      if (plot != null) {
        PlotCommand.draw(plot, data, "pca", labels, new ScatterPlot.Options(800, 600, "k-means, k = " + k, true));
        spec.commandLine().getErr().printf("plot -> %s%n", plot);
      }
      return 0;
    }
  }

  /** k-nearest-neighbour classification. */
  @Command(name = "classify", mixinStandardHelpOptions = true,
      description = "k-nearest-neighbour classification: labels from a labelled vector file.")
  static final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, paramLabel = "VECTORS", description = "Labelled vectors (.jsonl).")
    Path train;

    @Option(names = "--label", defaultValue = "label", paramLabel = "FIELD",
        description = "The field holding each training item's label (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--in", required = true, paramLabel = "VECTORS", description = "Vectors to classify.")
    Path in;

    @Option(names = "--k", defaultValue = "5", description = "Neighbours that vote (default: ${DEFAULT-VALUE}).")
    int k;

    @CommandLine.Mixin MetricOption metric;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VectorFiles.Labeled t = read(train);
      VectorFiles.Labeled q = read(in);
      if (t.space() != null && q.space() != null) {
        t.space().requireCompatible(q.space(), in.toString());
      }
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < t.ids().size(); i++) {
        Object l = t.fields().get(i).get(label);
        if (l == null) {
          throw new InvalidInputException(train + ": item '" + t.ids().get(i) + "' has no \"" + label + "\" field");
        }
        labels.add(l.toString());
      }
      PrintWriter w = spec.commandLine().getOut();
      int known = 0;
      int right = 0;
      try (KnnClassifier knn = KnnClassifier.fit(t.vectors(), labels, metric.of(t), k)) {
        for (int i = 0; i < q.ids().size(); i++) {
          KnnClassifier.Prediction p = knn.predict(q.vectors().get(i));
          w.printf(Locale.ROOT, "%s\t%s\t%.2f\t%s%n", q.ids().get(i), p.label(), p.confidence(), describe(q, i));
          Object truth = q.fields().get(i).get(label);
          if (truth != null) {
            known++;
            right += truth.toString().equals(p.label()) ? 1 : 0;
          }
        }
      }
      if (known > 0) {
        w.printf(Locale.ROOT, "accuracy %.4f (%d of %d)%n", right / (double) known, right, known);
      }
      w.flush();
      return 0;
    }
  }

  /** A 2-D scatter plot. */
  @Command(name = "plot", mixinStandardHelpOptions = true,
      description = "Project vectors to 2-D (PCA or t-SNE) and draw them as a PNG or SVG scatter plot.")
  static final class PlotCommand implements Callable<Integer> {
    @CommandLine.Mixin VectorsIn input;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|svg", description = "The plot file.")
    Path out;

    @Option(names = "--method", defaultValue = "pca", paramLabel = "pca|tsne",
        description = "Projection (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--label", paramLabel = "FIELD", description = "Colour points by this field, e.g. cluster.")
    String label;

    @Option(names = "--width", defaultValue = "800", description = "Pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "600", description = "Pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--title", defaultValue = "", description = "Title.")
    String title;

    @Option(names = "--no-names", description = "Do not write each item's id beside its point.")
    boolean noNames;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VectorFiles.Labeled data = input.read();
      List<String> groups = null;
      if (label != null) {
        groups = new ArrayList<>();
        for (int i = 0; i < data.ids().size(); i++) {
          groups.add(String.valueOf(data.fields().get(i).getOrDefault(label, "(none)")));
        }
      }
      ScatterPlot.Options options = new ScatterPlot.Options(width, height, title, !noNames);
      draw(out, data, method, groups, options);
      spec.commandLine().getErr().printf("%d points (%s) -> %s%n", data.ids().size(), method, out);
      return 0;
    }

    static void draw(Path out, VectorFiles.Labeled data, String method, List<String> groups,
        ScatterPlot.Options options) throws IOException {
      List<double[]> points;
      switch (method.toLowerCase(Locale.ROOT)) {
        case "pca":
          points = Pca.fit(data.vectors(), 2).transform(data.vectors());
          options = options.withAxisTitles("PC1", "PC2");
          break;
        case "tsne":
        case "t-sne":
          points = Tsne.project(data.vectors(), Tsne.Config.defaults());
          options = options.withAxisTitles("t-SNE 1", "t-SNE 2");
          break;
        default:
          throw new InvalidInputException("unknown projection '" + method + "': expected pca or tsne");
      }
      ScatterPlot.write(out, points, groups, data.ids(), options);
    }
  }

  /** Near-duplicate detection. */
  @Command(name = "duplicates", mixinStandardHelpOptions = true,
      description = "Near-duplicate items: pairs and groups at or above a similarity threshold.")
  static final class DuplicatesCommand implements Callable<Integer> {
    @CommandLine.Mixin VectorsIn input;

    @Option(names = "--threshold", defaultValue = "0.95",
        description = "The lowest similarity that counts (default: ${DEFAULT-VALUE}).")
    float threshold;

    @CommandLine.Mixin MetricOption metric;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VectorFiles.Labeled data = input.read();
      NearDuplicates.Result r = NearDuplicates.find(data.ids(), data.vectors(), metric.of(data), threshold);
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < data.ids().size(); i++) {
        position.put(data.ids().get(i), i);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf("%d groups, %d pairs at or above %s%n", r.groups().size(), r.pairs().size(), threshold);
      int g = 1;
      for (List<String> group : r.groups()) {
        w.printf("group %d (%d items)%n", g++, group.size());
        for (String id : group) {
          w.printf("  %s\t%s%n", id, describe(data, position.get(id)));
        }
      }
      for (NearDuplicates.Pair p : r.pairs()) {
        w.printf(Locale.ROOT, "%.6f\t%s\t%s%n", p.score(), p.first(), p.second());
      }
      w.flush();
      return 0;
    }
  }
}
