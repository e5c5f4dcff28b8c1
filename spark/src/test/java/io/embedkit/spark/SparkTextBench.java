package io.embedkit.spark;

import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Text embedding throughput through Spark: {@code MASTER SENTENCES_FILE [PARTITIONS]}, the embedded MiniLM,
 * batch 32, one native thread per model call; a warm-up job first (the encoder loads once per JVM), then the
 * best of three timed jobs. With MASTER {@code none}, the same sentences through a local encodeAll. Prints JSON.
 */
public final class SparkTextBench {
  private SparkTextBench() {}

  public static void main(String[] args) throws Exception {
    String master = args[0];
    List<String> texts = Files.readAllLines(Path.of(args[1]));
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    double best = Double.MAX_VALUE;
    if (master.equals("none")) {
      try (TextEncoder encoder = TextEncoder.create(TextEncoderConfig.builder()
          .setSource(io.embedkit.runtime.ModelSource.embedded("minilm")).optThreads(1).build())) {
        encoder.encodeAll(texts.subList(0, 500));
        for (int i = 0; i < 3; i++) {
          long t0 = System.nanoTime();
          encoder.encodeAll(texts);
          best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
      }
    } else {
      SparkSession spark = SparkSession.builder().master(master).appName("embedkit-bench")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        rows.add(RowFactory.create((long) i, texts.get(i)));
      }
      StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
      Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(partitions).cache();
      df.count();
      SparkEmbedder embedder = SparkEmbedder.text("minilm").withThreads(1).withBatchSize(32);
      embedder.embed(df.limit(500), "text", "v").count(); // loads the encoder in every executor thread's JVM
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        long n = embedder.embed(df, "text", "v").filter("v is not null").count();
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        if (n != texts.size()) {
          throw new IllegalStateException("embedded " + n + " of " + texts.size());
        }
      }
      spark.stop();
    }
    System.out.printf(Locale.ROOT, "{\"master\": \"%s\", \"items\": %d, \"seconds\": %.3f, \"itemsPerSecond\": %.1f}%n",
        master, texts.size(), best, texts.size() / best);
  }
}
