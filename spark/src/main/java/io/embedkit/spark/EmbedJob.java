package io.embedkit.spark;

import io.embedkit.core.InvalidInputException;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A ready {@code spark-submit} job: reads a table, embeds one column, writes Parquet.
 *
 * <pre>
 * spark-submit --class io.embedkit.spark.EmbedJob --master yarn embedkit-spark-VERSION-job.jar \
 *   --in hdfs:///data/sentences.parquet --column text --modality text --model minilm \
 *   --out hdfs:///data/embeddings.parquet [--batch 32] [--threads 1] [--skip-errors] [--id id]
 * </pre>
 *
 * <p>{@code --in} is Parquet, or CSV with a header ({@code .csv}), or plain text, one item per line
 * ({@code .txt}, column {@code value}). {@code --model} is an embedded name, a folder every executor can read,
 * or {@code spark-files:NAME} for a folder given to {@code spark-submit --files} / {@code addFile}.
 */
public final class EmbedJob {
  private EmbedJob() {}

  /**
   * Runs the job.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    java.util.Map<String, String> o = options(args);
    SparkSession spark = SparkSession.builder().appName("embedkit-embed").getOrCreate();
    try {
      run(spark, o);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the job on a session.
   *
   * @param spark the session
   * @param o the options by name (without {@code --})
   * @return how many rows were written
   */
  static long run(SparkSession spark, java.util.Map<String, String> o) {
    String in = need(o, "in");
    String lower = in.toLowerCase(Locale.ROOT);
    Dataset<Row> df = lower.endsWith(".csv") ? spark.read().option("header", "true").csv(in)
        : lower.endsWith(".txt") ? spark.read().text(in) : spark.read().parquet(in);
    SparkEmbedder e = SparkEmbedder.of(EncoderSpec.Modality.parse(o.getOrDefault("modality", "text")), need(o, "model"))
        .withBatchSize(Integer.parseInt(o.getOrDefault("batch", "32")))
        .withThreads(Integer.parseInt(o.getOrDefault("threads", "0")));
    if (o.containsKey("skip-errors")) {
      e = e.onError(SparkEmbedder.OnError.SKIP);
    }
    if (o.containsKey("id")) {
      e = e.withIdColumn(o.get("id"));
    }
    Dataset<Row> out = e.embed(df, o.getOrDefault("column", "value"), o.getOrDefault("output", "embedding"));
    out.write().mode(SaveMode.ErrorIfExists).parquet(need(o, "out"));
    return spark.read().parquet(o.get("out")).count();
  }

  static java.util.Map<String, String> options(String[] args) {
    java.util.Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new InvalidInputException("unexpected argument '" + args[i] + "'");
      }
      String key = args[i].substring(2);
      if (key.equals("skip-errors")) {
        o.put(key, "true");
      } else if (i + 1 < args.length) {
        o.put(key, args[++i]);
      } else {
        throw new InvalidInputException("--" + key + " needs a value");
      }
    }
    return o;
  }

  private static String need(java.util.Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) {
      throw new InvalidInputException("--" + key + " is required");
    }
    return v;
  }
}
