package io.embedkit.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.embedkit.core.Vectors;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Sentences per second of embedkit's {@code TextEncoder.encodeAll} (embedded MiniLM, batch 32) and of
 * LangChain4j's {@code AllMiniLmL6V2EmbeddingModel.embedAll} on the same sentences, in one JVM, runs
 * interleaved; prints the medians, their ratio and how far the two models' vectors are apart.
 */
public final class CompareLangChain4j {
  private CompareLangChain4j() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "bench/out/sentences.txt");
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    // embedkit first: DJL's ONNX Runtime engine cannot start once another library made the OrtEnvironment
    try (TextEncoder ours = TextEncoder.create(TextEncoderConfig.defaults().toBuilder().optBatchSize(32).build())) {
      AllMiniLmL6V2EmbeddingModel lc4j = new AllMiniLmL6V2EmbeddingModel();
      List<String> warm = texts.subList(0, Math.min(500, texts.size()));
      ours.encodeAll(warm);
      lc4j.embedAll(segments.subList(0, warm.size()));

      double[] a = new double[repeat];
      double[] b = new double[repeat];
      List<float[]> mine = null;
      List<Embedding> theirs = null;
      for (int r = 0; r < repeat; r++) {
        long t0 = System.nanoTime();
        mine = ours.encodeAll(texts);
        a[r] = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        theirs = lc4j.embedAll(segments).content();
        b[r] = (System.nanoTime() - t1) / 1e9;
        System.out.printf("run %d: embedkit %.2f s, langchain4j %.2f s%n", r + 1, a[r], b[r]);
      }
      double minCos = 1;
      for (int i = 0; i < texts.size(); i++) {
        minCos = Math.min(minCos, Vectors.cosine(mine.get(i), theirs.get(i).vector()));
      }
      Arrays.sort(a);
      Arrays.sort(b);
      double ma = a[repeat / 2];
      double mb = b[repeat / 2];
      System.out.printf("%d sentences, %d cores%n", texts.size(), Runtime.getRuntime().availableProcessors());
      System.out.printf("embedkit encodeAll (batch 32): %8.1f sentences/s%n", texts.size() / ma);
      System.out.printf("langchain4j embedAll:          %8.1f sentences/s%n", texts.size() / mb);
      System.out.printf("ratio embedkit / langchain4j:  %.2f%n", mb / ma);
      System.out.printf("lowest cosine between the two models' vectors: %.6f%n", minCos);
    }
  }
}
