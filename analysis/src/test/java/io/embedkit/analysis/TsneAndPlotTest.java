package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsneAndPlotTest {
  @TempDir Path tmp;

  private static float[][] floats(List<double[]> points) {
    float[][] out = new float[points.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[] {(float) points.get(i)[0], (float) points.get(i)[1]};
    }
    return out;
  }

  @Test
  void tsneKeepsSeparatedClustersApartAndIsDeterministic() {
    Synthetic data = new Synthetic(3, 30, 20, 1.0, 3);
    List<double[]> y = Tsne.project(data.vectors, Tsne.Config.defaults());
    assertThat(y).hasSize(90);
    // in the plane, each point's nearest neighbours still share its cluster
    List<float[]> plane = List.of(floats(y));
    try (KnnClassifier knn = KnnClassifier.fit(plane, data.labelNames(), Metric.L2, 6)) {
      int right = 0;
      for (int i = 0; i < plane.size(); i++) {
        // k = 6 includes the point itself, so 5 real neighbours vote with it
        right += knn.predict(plane.get(i)).label().equals(data.labelNames().get(i)) ? 1 : 0;
      }
      assertThat(right / 90.0).isGreaterThanOrEqualTo(0.97);
    }
    assertThat(Tsne.project(data.vectors, Tsne.Config.defaults()).get(17)).isEqualTo(y.get(17));
    assertThat(Silhouette.score(plane, data.labels)).isGreaterThan(0.5);
  }

  @Test
  void pngHasTheRequestedSize() throws Exception {
    Synthetic data = new Synthetic(3, 10, 8, 0.5, 1);
    List<double[]> points = Pca.fit(data.vectors, 2).transform(data.vectors);
    Path png = tmp.resolve("plot.png");
    ScatterPlot.write(png, points, data.labelNames(), null, new ScatterPlot.Options(640, 480, "PCA", false));
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(480);
  }

  @Test
  void svgHasTheRequestedSizeAndOnePointPerItem() throws Exception {
    Synthetic data = new Synthetic(3, 7, 8, 0.5, 1);
    List<double[]> points = Pca.fit(data.vectors, 2).transform(data.vectors);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      names.add("item-" + i);
    }
    Path svg = tmp.resolve("plot.svg");
    ScatterPlot.write(svg, points, data.labelNames(), names, new ScatterPlot.Options(500, 400, "t", true));
    String text = Files.readString(svg);
    assertThat(text).startsWith("<?xml").contains("<svg");
    String svgTag = text.substring(text.indexOf("<svg"), text.indexOf('>', text.indexOf("<svg")));
    assertThat(svgTag).contains("width=\"500px\"").contains("height=\"400px\"");
    assertThat(countMarkers(text)).isEqualTo(points.size() + 3); // plus one marker per legend entry
    // names are drawn as glyph outlines: one group of paths per name, beyond the axis labels
    ScatterPlot.write(svg, points, data.labelNames(), names, new ScatterPlot.Options(500, 400, "t", false));
    assertThat(countMarkers(Files.readString(svg))).isEqualTo(points.size() + 3);
    assertThat(Files.readString(svg).length()).isLessThan(text.length());
  }

  @Test
  void axesHaveTitlesAndNamesStayReadable() {
    List<double[]> points = new ArrayList<>();
    List<String> names = new ArrayList<>();
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 300; i++) { // far more, and longer, names than fit
      points.add(new double[] {r.nextGaussian(), r.nextGaussian()});
      names.add("a rather long sentence number " + i + " that would run off the edge");
    }
    ScatterPlot.Options options = new ScatterPlot.Options(800, 600, "t", true).withAxisTitles("PC1", "PC2");
    Map<String, List<Integer>> one = new java.util.TreeMap<>(Map.of("items",
        java.util.stream.IntStream.range(0, points.size()).boxed().toList()));
    org.knowm.xchart.XYChart chart = ScatterPlot.chart(points, one, false, names, options);
    assertThat(chart.getXAxisTitle()).isEqualTo("PC1");
    assertThat(chart.getYAxisTitle()).isEqualTo("PC2");
    List<ScatterPlot.Label> labels = ScatterPlot.labels(points, names, options, false);
    assertThat(labels).isNotEmpty().hasSizeLessThanOrEqualTo(ScatterPlot.MAX_NAMES);
    double xMin = points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
    double xMax = points.stream().mapToDouble(p -> p[0]).max().orElseThrow();
    double perChar = (xMax - xMin) / (800 - 70 - 20) * 7; // the data width of one character
    for (int i = 0; i < labels.size(); i++) {
      ScatterPlot.Label a = labels.get(i);
      assertThat(a.text()).hasSizeLessThanOrEqualTo(ScatterPlot.MAX_NAME_LENGTH).endsWith("\u2026");
      double half = perChar * a.text().length() / 2;
      assertThat(a.x() - half).as("left edge of " + a).isGreaterThanOrEqualTo(xMin - 1e-9);
      assertThat(a.x() + half).as("right edge of " + a).isLessThanOrEqualTo(xMax + 1e-9);
      for (int j = 0; j < i; j++) {
        ScatterPlot.Label b = labels.get(j);
        boolean apartX = Math.abs(a.x() - b.x()) >= perChar * (a.text().length() + b.text().length()) / 2 - 1e-9;
        double yPerLine = 14 * (points.stream().mapToDouble(p -> p[1]).max().orElseThrow()
            - points.stream().mapToDouble(p -> p[1]).min().orElseThrow()) / (600 - 50 - 60);
        boolean apartY = Math.abs(a.y() - b.y()) >= yPerLine - 1e-9;
        assertThat(apartX || apartY).as(a + " overlaps " + b).isTrue();
      }
    }
    List<String> few = names.subList(0, 3).stream().map(n -> n.substring(0, 10)).toList();
    assertThat(ScatterPlot.labels(points.subList(0, 3), few, options, false)).extracting(ScatterPlot.Label::text)
        .as("short names of a few spread points are all drawn, whole").hasSizeBetween(1, 3)
        .allMatch(t -> few.contains(t));
  }

  private static int countMarkers(String svg) {
    Matcher m = Pattern.compile("<(ellipse|circle)\\b").matcher(svg);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void badInputIsRefused() {
    List<double[]> one = List.of(new double[] {0, 0});
    assertThatThrownBy(() -> ScatterPlot.write(tmp.resolve("x.pdf"), one, null, null,
        ScatterPlot.Options.defaults())).isInstanceOf(InvalidInputException.class).hasMessageContaining(".png or .svg");
    assertThatThrownBy(() -> ScatterPlot.write(tmp.resolve("x.png"), List.of(new double[] {0, Double.NaN}), null,
        null, ScatterPlot.Options.defaults())).hasMessage("point 0 is not a finite {x, y} pair");
    assertThatThrownBy(() -> new ScatterPlot.Options(10, 10, "", false)).hasMessageContaining("between 100");
    assertThat(tmp.resolve("x.png")).doesNotExist();
  }
}
