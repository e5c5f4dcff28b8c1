package io.embedkit.analysis;

import io.embedkit.core.AtomicFiles;
import io.embedkit.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
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

  /** The most point names drawn; beyond it names would be unreadable, so only the legend stays. */
  public static final int MAX_NAMES = 40;

  /** Names longer than this are cut, ending in an ellipsis. */
  public static final int MAX_NAME_LENGTH = 24;

  /**
   * How the plot looks.
   *
   * @param width pixels, 100 to 10000
   * @param height pixels, 100 to 10000
   * @param title the title, or empty for none
   * @param pointNames whether to write points' names beside them (at most {@link #MAX_NAMES}, none overlapping
   *     another or the plot's edge)
   * @param xAxisTitle the horizontal axis' title, e.g. {@code "PC1"}, or empty for none
   * @param yAxisTitle the vertical axis' title, e.g. {@code "PC2"}, or empty for none
   */
  public record Options(int width, int height, String title, boolean pointNames, String xAxisTitle,
      String yAxisTitle) {
    /** Validates the values. */
    public Options {
      if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
        throw new InvalidInputException("plot size must be between 100 and 10000 pixels, was " + width + "x"
            + height);
      }
      title = title == null ? "" : title;
      xAxisTitle = xAxisTitle == null ? "" : xAxisTitle;
      yAxisTitle = yAxisTitle == null ? "" : yAxisTitle;
    }

    /**
     * Returns options without axis titles.
     *
     * @param width pixels, 100 to 10000
     * @param height pixels, 100 to 10000
     * @param title the title, or empty for none
     * @param pointNames whether to write points' names beside them
     */
    public Options(int width, int height, String title, boolean pointNames) {
      this(width, height, title, pointNames, "", "");
    }

    /**
     * Returns 800 x 600 pixels, no title, names shown.
     *
     * @return the options
     */
    public static Options defaults() {
      return new Options(800, 600, "", true);
    }

    /**
     * Returns a copy with axis titles.
     *
     * @param x the horizontal axis' title
     * @param y the vertical axis' title
     * @return the copy
     */
    public Options withAxisTitles(String x, String y) {
      return new Options(width, height, title, pointNames, x, y);
    }
  }

  /**
   * A point name placed on the plot: its text and where its centre goes, in data coordinates.
   *
   * @param point the point's index
   * @param text the text drawn
   * @param x the centre's x
   * @param y the centre's y
   */
  record Label(int point, String text, double x, double y) {}

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
    XYChart chart = chart(points, byGroup, groups != null, names, options);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (ext.equals("png")) {
      BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    } else {
      VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
    AtomicFiles.write(file, bytes::writeTo);
  }

  /** Builds the chart: one series per group, axis titles, and the names that can be read. */
  static XYChart chart(List<double[]> points, Map<String, List<Integer>> byGroup, boolean legend, List<String> names,
      Options options) {
    XYChart chart = new XYChartBuilder().width(options.width()).height(options.height()).title(options.title())
        .xAxisTitle(options.xAxisTitle()).yAxisTitle(options.yAxisTitle()).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setLegendVisible(legend);
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
      for (Label l : labels(points, names, options, legend)) {
        chart.addAnnotation(new AnnotationText(l.text(), l.x(), l.y(), false));
      }
    }
    return chart;
  }

  // the plot area's approximate margins and the names' approximate glyph size, in pixels
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int LEGEND = 130;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final double CHAR_WIDTH = 7;
  private static final double LINE_HEIGHT = 14;

  /**
   * Places point names so they can be read: at most {@link #MAX_NAMES}, cut to {@link #MAX_NAME_LENGTH}
   * characters, each just above its point (below when there is no room above), moved in from the plot's edges,
   * and left out when it would overlap a name already placed.
   */
  static List<Label> labels(List<double[]> points, List<String> names, Options options, boolean legend) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (double[] p : points) {
      xMin = Math.min(xMin, p[0]);
      xMax = Math.max(xMax, p[0]);
      yMin = Math.min(yMin, p[1]);
      yMax = Math.max(yMax, p[1]);
    }
    double plotW = Math.max(50, options.width() - LEFT - RIGHT - (legend ? LEGEND : 0));
    double plotH = Math.max(50, options.height() - TOP - BOTTOM);
    double xSpan = xMax > xMin ? xMax - xMin : 1;
    double ySpan = yMax > yMin ? yMax - yMin : 1;
    List<double[]> boxes = new ArrayList<>(); // placed names: left, top, right, bottom in pixels (y down)
    List<Label> out = new ArrayList<>();
    for (int i = 0; i < points.size() && out.size() < MAX_NAMES; i++) {
      String text = String.valueOf(names.get(i));
      if (text.length() > MAX_NAME_LENGTH) {
        text = text.substring(0, MAX_NAME_LENGTH - 1) + "\u2026";
      }
      double w = CHAR_WIDTH * text.length();
      double px = (points.get(i)[0] - xMin) / xSpan * plotW;
      double py = (yMax - points.get(i)[1]) / ySpan * plotH;
      if (w > plotW) {
        continue;
      }
      double cx = Math.min(Math.max(px, w / 2), plotW - w / 2);
      double cy = py - LINE_HEIGHT; // above the marker
      if (cy - LINE_HEIGHT / 2 < 0) {
        cy = py + LINE_HEIGHT; // no room above: below
      }
      double[] box = {cx - w / 2, cy - LINE_HEIGHT / 2, cx + w / 2, cy + LINE_HEIGHT / 2};
      if (box[3] > plotH || overlapsAny(box, boxes)) {
        continue;
      }
      boxes.add(box);
      out.add(new Label(i, text, xMin + cx / plotW * xSpan, yMax - cy / plotH * ySpan));
    }
    return out;
  }

  private static boolean overlapsAny(double[] b, List<double[]> boxes) {
    for (double[] o : boxes) {
      if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) {
        return true;
      }
    }
    return false;
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
