package io.embedkit.training.bench;

import io.embedkit.training.ClassifierConfig;
import io.embedkit.training.EmbeddingClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training time of a 25-class head on 10,000 × 384 embeddings (the benchmark), with the default settings
 * (early stopping on 10% held out). The vectors are unit-length like a sentence model's: 25 class directions
 * plus noise (a little harder to tell apart than MiniLM on the WordNet topics set). Each head is fitted
 * once to warm up, then {@code repeats} times. Run by bench/train-bench.sh.
 */
public final class TrainBench {
  private TrainBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int dim = 384;
    int classes = 25;
    Random r = new Random(7);
    float[][] centres = new float[classes][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
    }
    List<float[]> x = new ArrayList<>(n);
    List<String> y = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      float[] v = new float[dim];
      double s = 0;
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (0.12 * centres[c][d] + r.nextGaussian());
        s += v[d] * v[d];
      }
      for (int d = 0; d < dim; d++) {
        v[d] /= (float) Math.sqrt(s);
      }
      x.add(v);
      y.add("topic-" + c);
    }
    System.out.printf(Locale.ROOT, "%d x %d, %d classes; %s, %d cores%n", n, dim, classes,
        System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
    for (ClassifierConfig.Head head : ClassifierConfig.Head.values()) {
      EmbeddingClassifier.fit(x, y, null, ClassifierConfig.of(head)); // warm-up
      double total = 0;
      EmbeddingClassifier last = null;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        last = EmbeddingClassifier.fit(x, y, null, ClassifierConfig.of(head));
        total += (System.nanoTime() - start) / 1e9;
      }
      EmbeddingClassifier.Summary s = last.summary();
      System.out.printf(Locale.ROOT, "%-6s %.2f s per fit (mean of %d): %d epochs (kept %d), validation accuracy"
          + " %.4f, %.1f ms per epoch%n", head.label(), total / repeats, repeats, s.epochs(), s.bestEpoch(),
          s.validationAccuracy(), 1000 * total / repeats / s.epochs());
    }
  }
}
