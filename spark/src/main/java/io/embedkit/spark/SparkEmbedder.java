package io.embedkit.spark;

import io.embedkit.core.InvalidInputException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Embeds a column of a {@code Dataset<Row>} on Spark's executors with embedkit's encoders, adding an
 * {@code array<float>} column. Each executor JVM opens the encoder once and reuses it for every task and
 * partition; rows are embedded in batches inside each partition, so the vectors equal a local
 * {@code encodeAll} of the same items.
 *
 * <pre>{@code
 * Dataset<Row> out = SparkEmbedder.text("minilm").embed(df, "sentence", "embedding");
 * Dataset<Row> photos = SparkEmbedder.images("/shared/models/resnet50").withBatchSize(16)
 *     .onError(SparkEmbedder.OnError.SKIP).embed(files, "path", "embedding");
 * }</pre>
 *
 * <p>Immutable and serializable; the {@code with...} methods return changed copies.
 */
public final class SparkEmbedder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What to do with a row that cannot be embedded. */
  public enum OnError {
    /** Fail the job with an error naming the row (the default). */
    FAIL,
    /** Leave its vector null and put the error in a column {@code <output>_error}. */
    SKIP
  }

  private final EncoderSpec spec;
  private final OnError onError;
  private final String idColumn;

  private SparkEmbedder(EncoderSpec spec, OnError onError, String idColumn) {
    this.spec = spec;
    this.onError = onError;
    this.idColumn = idColumn;
  }

  /**
   * Returns an embedder for a modality.
   *
   * @param modality what the input column holds
   * @param model an embedded name, a folder every executor can read, or {@code spark-files:NAME}
   * @return the embedder, batch 32, failing on a bad row
   */
  public static SparkEmbedder of(EncoderSpec.Modality modality, String model) {
    return new SparkEmbedder(new EncoderSpec(modality, model, 32, 0, null), OnError.FAIL, null);
  }

  /**
   * Returns an embedder of text columns.
   *
   * @param model {@code minilm}, a sentence-transformers / Hugging Face folder, or a CLIP folder (text tower)
   * @return the embedder
   */
  public static SparkEmbedder text(String model) {
    return of(EncoderSpec.Modality.TEXT, model);
  }

  /**
   * Returns an embedder of image columns (file paths or encoded bytes).
   *
   * @param model a ResNet-style or CLIP folder
   * @return the embedder
   */
  public static SparkEmbedder images(String model) {
    return of(EncoderSpec.Modality.IMAGE, model);
  }

  /**
   * Returns an embedder of audio columns (file paths or encoded bytes).
   *
   * @param model a Wav2Vec2-style or log-mel folder
   * @return the embedder
   */
  public static SparkEmbedder audio(String model) {
    return of(EncoderSpec.Modality.AUDIO, model);
  }

  /**
   * Returns a copy embedding this many rows per model call.
   *
   * @param batchSize positive
   * @return the copy
   */
  public SparkEmbedder withBatchSize(int batchSize) {
    return new SparkEmbedder(new EncoderSpec(spec.modality(), spec.model(), batchSize, spec.threads(),
        spec.engine()), onError, idColumn);
  }

  /**
   * Returns a copy with native threads per model call (0: the engine's default; with several executor cores
   * per JVM, 1 avoids oversubscription).
   *
   * @param threads non-negative
   * @return the copy
   */
  public SparkEmbedder withThreads(int threads) {
    return new SparkEmbedder(new EncoderSpec(spec.modality(), spec.model(), spec.batchSize(), threads,
        spec.engine()), onError, idColumn);
  }

  /**
   * Returns a copy using a named engine when the folder holds both weight files.
   *
   * @param engine {@code onnx} or {@code pytorch}
   * @return the copy
   */
  public SparkEmbedder withEngine(String engine) {
    return new SparkEmbedder(new EncoderSpec(spec.modality(), spec.model(), spec.batchSize(), spec.threads(),
        engine), onError, idColumn);
  }

  /**
   * Returns a copy handling bad rows as given.
   *
   * @param mode fail the job, or skip the row
   * @return the copy
   */
  public SparkEmbedder onError(OnError mode) {
    return new SparkEmbedder(spec, mode, idColumn);
  }

  /**
   * Returns a copy naming bad rows by a column's value instead of their position.
   *
   * @param column an existing column
   * @return the copy
   */
  public SparkEmbedder withIdColumn(String column) {
    return new SparkEmbedder(spec, onError, column);
  }

  /**
   * Returns the encoder settings the executors use.
   *
   * @return the spec
   */
  public EncoderSpec spec() {
    return spec;
  }

  /**
   * Embeds a column. Lazy, as Spark transformations are: the work happens when the result is used.
   *
   * @param input the rows
   * @param inputColumn the column to embed: strings for text; strings (paths) or binary for images and audio
   * @param outputColumn the new {@code array<float>} column; with {@link OnError#SKIP} also
   *     {@code outputColumn + "_error"}
   * @return the rows with the new column(s)
   * @throws InvalidInputException if a column is missing, of the wrong type, or the output exists already
   */
  public Dataset<Row> embed(Dataset<Row> input, String inputColumn, String outputColumn) {
    StructType schema = input.schema();
    int in = index(schema, inputColumn);
    DataType type = schema.fields()[in].dataType();
    boolean ok = type.equals(DataTypes.StringType)
        || type.equals(DataTypes.BinaryType) && spec.modality() != EncoderSpec.Modality.TEXT;
    if (!ok) {
      throw new InvalidInputException("column '" + inputColumn + "' is " + type.simpleString() + "; "
          + spec.modality().name().toLowerCase(java.util.Locale.ROOT) + " needs "
          + (spec.modality() == EncoderSpec.Modality.TEXT ? "string" : "string (paths) or binary"));
    }
    int id = idColumn == null ? -1 : index(schema, idColumn);
    boolean skip = onError == OnError.SKIP;
    StructType out = schema.add(new StructField(outputColumn,
        DataTypes.createArrayType(DataTypes.FloatType, false), true, org.apache.spark.sql.types.Metadata.empty()));
    if (skip) {
      out = out.add(outputColumn + "_error", DataTypes.StringType, true);
    }
    for (String name : skip ? new String[] {outputColumn, outputColumn + "_error"} : new String[] {outputColumn}) {
      if (Arrays.asList(schema.fieldNames()).contains(name)) {
        throw new InvalidInputException("column '" + name + "' exists already");
      }
    }
    return input.mapPartitions(new EmbedPartition(spec, in, id, skip), Encoders.row(out));
  }

  private static int index(StructType schema, String column) {
    int i = Arrays.asList(schema.fieldNames()).indexOf(column);
    if (i < 0) {
      throw new InvalidInputException("no column '" + column + "' among " + Arrays.toString(schema.fieldNames()));
    }
    return i;
  }
}
