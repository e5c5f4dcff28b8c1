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

    @Option(names = "--label", defaultValue = "label", paramLabel = "FIELD",
        description = "When every item has this field, report how the clusters agree with it (adjusted Rand"
            + " index, purity) (default: ${DEFAULT-VALUE}).")
    String label;

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
      List<String> known = labels(data, label, input.in, false);
      if (data.vectors().size() > 1 && known.stream().allMatch(java.util.Objects::nonNull)) {
        int[] codes = io.embedkit.analysis.ClusterAgreement.codes(known);
        w.printf(Locale.ROOT, "against \"%s\": adjusted Rand index %.4f, purity %.4f%n", label,
            io.embedkit.analysis.ClusterAgreement.adjustedRand(r.labels(), codes),
            io.embedkit.analysis.ClusterAgreement.purity(r.labels(), codes));
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
      description = "Label vectors by their nearest labelled neighbours (--train) or with a trained classifier"
          + " (--model); when the items carry their label, report accuracy, macro-F1 and the confusion matrix.")
  static final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--train", paramLabel = "VECTORS", description = "Labelled vectors (.jsonl) for kNN.")
    Path train;

    @Option(names = "--model", paramLabel = "HEAD_DIR",
        description = "A classifier saved by train-classifier, instead of kNN over --train.")
    Path model;

    @Option(names = "--label", defaultValue = "label", paramLabel = "FIELD",
        description = "The field holding each item's label (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--in", required = true, paramLabel = "VECTORS", description = "Vectors to classify.")
    Path in;

    @Option(names = "--k", defaultValue = "5", description = "Neighbours that vote (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", paramLabel = "OUT",
        description = "Write {method, accuracy, macroF1, items} as JSON (needs labelled --in items).")
    Path json;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the confusion matrix as a PNG heat map.")
    Path plot;

    @Option(names = "--quiet", description = "Print only the report, not a line per item.")
    boolean quiet;

    @CommandLine.Mixin MetricOption metric;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (train == null && model == null) {
        throw new InvalidInputException("name --train (kNN), --model (a trained classifier) or both (an adapter)");
      }
      VectorFiles.Labeled q = read(in);
      List<String> predicted = new ArrayList<>();
      List<Float> confidence = new ArrayList<>();
      String method;
      if (model != null && io.embedkit.training.LinearAdapter.isAdapter(model)) {
        if (train == null) {
          throw new InvalidInputException("an adapter classifies by kNN: give --train with --model " + model);
        }
        io.embedkit.training.LinearAdapter adapter = io.embedkit.training.LinearAdapter.load(model);
        VectorFiles.Labeled t = read(train);
        adapter.requireBase(t.space(), train.toString());
        adapter.requireBase(q.space(), in.toString());
        try (KnnClassifier knn = KnnClassifier.fit(adapter.applyAll(t.vectors()), labels(t, label, train, true),
            Metric.COSINE, k)) {
          for (float[] v : q.vectors()) {
            KnnClassifier.Prediction p = knn.predict(adapter.apply(v));
            predicted.add(p.label());
            confidence.add((float) p.confidence());
          }
        }
        method = "adapter+knn@" + k;
      } else if (model != null) {
        if (train != null) {
          throw new InvalidInputException("--train is for kNN or an adapter; " + model + " is a trained classifier");
        }
        io.embedkit.training.EmbeddingClassifier clf = io.embedkit.training.EmbeddingClassifier.load(model);
        clf.requireSpace(q.space(), in.toString());
        if (q.vectors().get(0).length != clf.dimension()) {
          throw new io.embedkit.core.DimensionMismatchException(in.toString(), clf.dimension(),
              q.vectors().get(0).length);
        }
        for (float[] v : q.vectors()) {
          io.embedkit.training.EmbeddingClassifier.Prediction p = clf.predict(v);
          predicted.add(p.label());
          confidence.add(p.probability());
        }
        method = clf.head().label();
      } else {
        VectorFiles.Labeled t = read(train);
        if (t.space() != null && q.space() != null) {
          t.space().requireCompatible(q.space(), in.toString());
        }
        try (KnnClassifier knn = KnnClassifier.fit(t.vectors(), labels(t, label, train, true), metric.of(t), k)) {
          for (float[] v : q.vectors()) {
            KnnClassifier.Prediction p = knn.predict(v);
            predicted.add(p.label());
            confidence.add((float) p.confidence());
          }
        }
        method = "knn@" + k;
      }
      PrintWriter w = spec.commandLine().getOut();
      if (!quiet) {
        for (int i = 0; i < q.ids().size(); i++) {
          w.printf(Locale.ROOT, "%s\t%s\t%.2f\t%s%n", q.ids().get(i), predicted.get(i), confidence.get(i),
              describe(q, i));
        }
      }
      List<String> truth = labels(q, label, in, false);
      List<String> judged = new ArrayList<>();
      List<String> guessed = new ArrayList<>();
      for (int i = 0; i < truth.size(); i++) {
        if (truth.get(i) != null) {
          judged.add(truth.get(i));
          guessed.add(predicted.get(i));
        }
      }
      if (judged.isEmpty()) {
        if (json != null || plot != null) {
          throw new InvalidInputException("--json and --plot report on labelled items: " + in + " has no \"" + label
              + "\" fields");
        }
      } else {
        report(w, method, io.embedkit.analysis.ClassificationReport.of(judged, guessed), json, plot);
      }
      w.flush();
      return 0;
    }
  }

  /** Each item's label as a string: null where it has none, unless every item must have one. */
  static List<String> labels(VectorFiles.Labeled data, String field, Path file, boolean required) {
    List<String> out = new ArrayList<>(data.ids().size());
    for (int i = 0; i < data.ids().size(); i++) {
      Object l = data.fields().get(i).get(field);
      if (l == null && required) {
        throw new InvalidInputException(file + ": item '" + data.ids().get(i) + "' has no \"" + field + "\" field");
      }
      out.add(l == null ? null : l.toString());
    }
    return out;
  }

  /** kNN (cosine) of labelled query vectors against labelled training vectors, as a report. */
  static io.embedkit.analysis.ClassificationReport knnReport(List<float[]> train, List<String> trainLabels,
      List<float[]> queries, List<String> truth, int k) {
    List<String> predicted = new ArrayList<>();
    try (KnnClassifier knn = KnnClassifier.fit(train, trainLabels, Metric.COSINE, k)) {
      for (float[] v : queries) {
        predicted.add(knn.predict(v).label());
      }
    }
    return io.embedkit.analysis.ClassificationReport.of(truth, predicted);
  }

  /** Prints accuracy, macro-F1 and the confusion matrix; writes the JSON and the heat map when asked. */
  static void report(PrintWriter w, String method, io.embedkit.analysis.ClassificationReport r, Path json, Path plot)
      throws IOException {
    w.printf(Locale.ROOT, "accuracy %.4f (%d of %d), macro-F1 %.4f, %s%n", r.accuracy(),
        Math.round(r.accuracy() * r.items()), r.items(), r.macroF1(), method);
    w.print(r.confusionText());
    if (json != null) {
      com.google.gson.JsonObject o = new com.google.gson.JsonObject();
      o.addProperty("method", method);
      o.addProperty("accuracy", r.accuracy());
      o.addProperty("macroF1", r.macroF1());
      o.addProperty("items", r.items());
      String text = new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
      io.embedkit.core.AtomicFiles.write(json, os -> os.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    if (plot != null) {
      r.writeHeatMap(plot, method + ": accuracy " + String.format(Locale.ROOT, "%.3f", r.accuracy()));
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
