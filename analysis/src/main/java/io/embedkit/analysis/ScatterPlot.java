package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws 2-D points (e.g. from {@link Pca} or {@link Tsne}) as a scatter plot, one colour per group, optionally
 * with each point's name beside it, and writes it as PNG or SVG (chosen by the file's extension).
 */
public final class ScatterPlot {
  private ScatterPlot() {}

  /**
   * How the plot looks.
   *
   * @param width pixels, 100 to 10000
   * @param height pixels, 100 to 10000
   * @param title the title, or empty for none
   * @param pointNames whether to write each point's name beside it
   */
  public record Options(int width, int height, String title, boolean pointNames) {
    /** Validates the values. */
    public Options {
      if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
        throw new InvalidInputException("plot size must be between 100 and 10000 pixels, was " + width + "x"
            + height);
      }
      title = title == null ? "" : title;
    }

    /**
     * Returns 800 x 600 pixels, no title, names shown.
     *
     * @return the options
     */
    public static Options defaults() {
      return new Options(800, 600, "", true);
    }
  }

  /**
   * Writes a scatter plot.
   *
   * @param file the {@code .png} or {@code .svg} file to write; replaced atomically
   * @param points one {x, y} per item
   * @param groups one group label per item (its colour and legend entry), or null for a single group
   * @param names one name per item (written beside its point when {@link Options#pointNames}), or null
   * @param options size, title and names
   * @throws IOException if writing fails
   * @throws InvalidInputException for an unknown extension, mismatched sizes or non-finite coordinates
   */
  public static void write(Path file, List<double[]> points, List<String> groups, List<String> names,
      Options options) throws IOException {
    String ext = extension(file);
    if (points == null || points.isEmpty()) {
      throw new InvalidInputException("a scatter plot needs at least one point");
    }
    if (groups != null) {
      Data.sameSize(points, "points", groups, "group labels");
    }
    if (names != null) {
      Data.sameSize(points, "points", names, "names");
    }
    Map<String, List<Integer>> byGroup = new java.util.TreeMap<>(ScatterPlot::compareGroups);
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      if (p == null || p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
        throw new InvalidInputException("point " + i + " is not a finite {x, y} pair");
      }
      String g = groups == null ? "items" : String.valueOf(groups.get(i));
      byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
    }
    XYChart chart = new XYChartBuilder().width(options.width()).height(options.height()).title(options.title())
        .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setLegendVisible(groups != null);
    chart.getStyler().setAntiAlias(true);
    for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
      double[] xs = new double[e.getValue().size()];
      double[] ys = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        double[] p = points.get(e.getValue().get(k));
        xs[k] = p[0];
        ys[k] = p[1];
      }
      chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE); // groups differ by colour
    }
    if (names != null && options.pointNames()) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] p : points) {
        lo = Math.min(lo, p[1]);
        hi = Math.max(hi, p[1]);
      }
      double above = hi > lo ? (hi - lo) * 0.03 : 0.03; // names sit just above their points, not on them
      for (int i = 0; i < points.size(); i++) {
        chart.addAnnotation(new AnnotationText(String.valueOf(names.get(i)), points.get(i)[0],
            points.get(i)[1] + above, false));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (ext.equals("png")) {
      BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    } else {
      VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // not createTempFile: its owner-only permissions would stay on the plot
    Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.write(tmp, bytes.toByteArray(), java.nio.file.StandardOpenOption.CREATE_NEW);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Group names in numeric order when both are integers (cluster numbers), else alphabetical. */
  private static int compareGroups(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return "png";
    }
    if (name.endsWith(".svg")) {
      return "svg";
    }
    throw new InvalidInputException(file + ": a plot is written as .png or .svg");
  }
}
