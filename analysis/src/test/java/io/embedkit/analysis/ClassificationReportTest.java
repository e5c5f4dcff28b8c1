package io.embedkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against values computed by hand (and as scikit-learn's f1_score(average="macro") gives them). */
class ClassificationReportTest {
  @TempDir Path tmp;

  @Test
  void accuracyMacroF1AndConfusionAsComputedByHand() throws Exception {
    List<String> truth = List.of("cat", "cat", "cat", "dog", "dog", "fox");
    List<String> predicted = List.of("cat", "cat", "dog", "dog", "cat", "dog");
    ClassificationReport r = ClassificationReport.of(truth, predicted);
    assertThat(r.labels()).containsExactly("cat", "dog", "fox");
    assertThat(r.confusion()).isDeepEqualTo(new int[][] {{2, 1, 0}, {1, 1, 0}, {0, 1, 0}});
    assertThat(r.accuracy()).isCloseTo(0.5, within(1e-12));
    // cat: P 2/3, R 2/3 -> F1 2/3; dog: P 1/3, R 1/2 -> 0.4; fox: 0
    assertThat(r.f1(0)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(r.f1(1)).isCloseTo(0.4, within(1e-12));
    assertThat(r.macroF1()).isCloseTo((2 / 3.0 + 0.4) / 3, within(1e-12));
    assertThat(r.confusionText().lines()).hasSize(4);
    assertThat(r.confusionText()).contains("fox").contains("    2");
    Path png = tmp.resolve("confusion.png");
    r.writeHeatMap(png, "test");
    assertThat(Files.size(png)).isGreaterThan(1000);
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(400);
  }
}
