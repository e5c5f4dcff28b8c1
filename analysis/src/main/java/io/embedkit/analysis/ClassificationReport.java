package io.embedkit.analysis;

import io.embedkit.core.AtomicFiles;
import io.embedkit.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * How well predicted labels match true ones: accuracy, macro-averaged F1 (scikit-learn's {@code f1_score(...,
 * average="macro")}: the mean over classes of 2PR / (P + R), 0 for a class never predicted or never true), and
 * the confusion matrix (rows: true labels, columns: predicted, both in sorted label order).
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(truth, predicted);
 * System.out.println(r.accuracy() + " " + r.macroF1());
 * System.out.print(r.confusionText());
 * r.writeHeatMap(Path.of("confusion.png"), "linear head");
 * }</pre>
 *
 * @param labels the labels, sorted; every true and predicted label
 * @param confusion {@code confusion[t][p]}: items of true label {@code t} predicted as {@code p}
 */
public record ClassificationReport(List<String> labels, int[][] confusion) {
  /**
   * Compares predictions with the truth.
   *
   * @param truth the true labels
   * @param predicted the predicted labels, one per true label
   * @return the report
   * @throws InvalidInputException if the sizes differ or there are none
   */
  public static ClassificationReport of(List<String> truth, List<String> predicted) {
    if (truth.isEmpty() || truth.size() != predicted.size()) {
      throw new InvalidInputException("a report needs as many predictions as true labels, and some: " + truth.size()
          + " true, " + predicted.size() + " predicted");
    }
    TreeSet<String> all = new TreeSet<>(truth);
    all.addAll(predicted);
    List<String> labels = new ArrayList<>(all);
    int[][] m = new int[labels.size()][labels.size()];
    for (int i = 0; i < truth.size(); i++) {
      m[java.util.Collections.binarySearch(labels, truth.get(i))]
          [java.util.Collections.binarySearch(labels, predicted.get(i))]++;
    }
    return new ClassificationReport(List.copyOf(labels), m);
  }

  /**
   * Returns the number of items.
   *
   * @return the items compared
   */
  public int items() {
    int n = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  /**
   * Returns the share of items predicted right.
   *
   * @return accuracy in [0, 1]
   */
  public double accuracy() {
    int right = 0;
    for (int i = 0; i < confusion.length; i++) {
      right += confusion[i][i];
    }
    return right / (double) items();
  }

  /**
   * Returns one class's F1: 2 × precision × recall / (precision + recall), 0 when it has no true positives.
   *
   * @param index the class's position in {@link #labels()}
   * @return F1 in [0, 1]
   */
  public double f1(int index) {
    int tp = confusion[index][index];
    int predicted = 0;
    int actual = 0;
    for (int i = 0; i < confusion.length; i++) {
      predicted += confusion[i][index];
      actual += confusion[index][i];
    }
    return tp == 0 ? 0 : 2.0 * tp / (predicted + actual);
  }

  /**
   * Returns the unweighted mean of the classes' F1.
   *
   * @return macro-F1 in [0, 1]
   */
  public double macroF1() {
    double sum = 0;
    for (int i = 0; i < labels.size(); i++) {
      sum += f1(i);
    }
    return sum / labels.size();
  }

  /**
   * Returns the confusion matrix as text: a header of predicted labels, then one row per true label.
   *
   * @return the table, lines ending in a newline
   */
  public String confusionText() {
    int width = 5;
    for (String l : labels) {
      width = Math.max(width, l.length());
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "true \\ predicted"
        .substring(0, Math.min(16, width))));
    for (String l : labels) {
      b.append(String.format(Locale.ROOT, " %" + width + "s", l));
    }
    b.append('\n');
    for (int t = 0; t < labels.size(); t++) {
      b.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(t)));
      for (int p = 0; p < labels.size(); p++) {
        b.append(String.format(Locale.ROOT, " %" + width + "d", confusion[t][p]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * Draws the confusion matrix as a PNG heat map, each row as shares of its true label's items.
   *
   * @param file the {@code .png} file, written atomically
   * @param title the chart title
   * @throws IOException if writing fails
   */
  public void writeHeatMap(Path file, String title) throws IOException {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new InvalidInputException("the heat map is written as PNG: name a .png file, not " + file);
    }
    int n = labels.size();
    int side = Math.max(500, Math.min(2000, 140 + 40 * n));
    HeatMapChart chart = new HeatMapChartBuilder().width(side + 160).height(side).title(title).build();
    chart.getStyler().setShowValue(n <= 30);
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setXAxisLabelRotation(60);
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int row = 0;
      for (int c : confusion[t]) {
        row += c;
      }
      for (int p = 0; p < n; p++) {
        double share = row == 0 ? 0 : confusion[t][p] / (double) row;
        // x: predicted, y: true label, counted from the top
        cells.add(new Number[] {p, n - 1 - t, Math.round(share * 100) / 100.0});
      }
    }
    List<String> yLabels = new ArrayList<>(labels);
    java.util.Collections.reverse(yLabels);
    chart.addSeries("share of the true label's items", labels, yLabels, cells);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, bytes::writeTo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassificationReport r && labels.equals(r.labels)
        && java.util.Arrays.deepEquals(confusion, r.confusion);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + java.util.Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f over %d items", accuracy(), macroF1(), items());
  }
}
