package io.embedkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.audio.AudioEncoderConfig;
import io.embedkit.core.InvalidInputException;
import io.embedkit.runtime.ModelSource;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImageEncoderConfig;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark in local[2]: vectors equal local encodeAll, one encoder per JVM, bad rows named or skipped. */
class SparkEmbedderTest {
  static final Path TEXT = Path.of("..", "text-encoder", "src", "test", "resources").toAbsolutePath().normalize();
  static final Path IMAGES = Path.of("..", "image-encoder", "src", "test", "resources").toAbsolutePath().normalize();
  static final Path AUDIO = Path.of("..", "audio-encoder", "src", "test", "resources").toAbsolutePath().normalize();

  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("embedkit-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static List<String> sentences(int n) {
    String[] subjects = {"The cat", "A scientist", "My neighbour", "The old train", "Our team", "A small bird"};
    String[] verbs = {"quietly watches", "builds", "paints", "forgets", "celebrates", "explains"};
    String[] objects = {"the sunset", "a new theory about black holes", "the red door", "lunch", "the final match",
        "why the sky is blue on most days of the year"};
    SplittableRandom r = new SplittableRandom(7);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(subjects[r.nextInt(6)] + " " + verbs[r.nextInt(6)] + " " + objects[r.nextInt(6)] + " (" + i + ")");
    }
    return out;
  }

  static Dataset<Row> strings(String column, List<String> values, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(RowFactory.create("id-" + i, values.get(i)));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add(column, DataTypes.StringType);
    return spark.createDataFrame(rows, schema).repartition(partitions);
  }

  static void assertClose(float[] got, float[] want, String what) {
    assertThat(got).as(what).hasSameSizeAs(want);
    for (int i = 0; i < want.length; i++) {
      assertThat(Math.abs(got[i] - want[i])).as(what + " component " + i).isLessThanOrEqualTo(1e-6f);
    }
  }

  static float[] vector(Row r, String column) {
    List<Float> v = r.getList(r.fieldIndex(column));
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  @Test
  void twoThousandTextsEqualLocalEncodingWithOneEncoderPerJvm() {
    List<String> texts = sentences(2000);
    List<float[]> local;
    try (TextEncoder encoder = TextEncoder.minilm()) {
      local = encoder.encodeAll(texts);
    }
    int loadsBefore = ExecutorEncoders.loads();
    List<Row> rows = SparkEmbedder.text("minilm").withBatchSize(64)
        .embed(strings("text", texts, 8), "text", "embedding").collectAsList();
    assertThat(rows).hasSize(2000);
    assertThat(ExecutorEncoders.loads() - loadsBefore).as("encoders opened for 8 partitions").isEqualTo(1);
    for (Row r : rows) {
      int i = Integer.parseInt(r.getString(0).substring(3));
      assertClose(vector(r, "embedding"), local.get(i), "text " + i);
    }
    // a second job reuses the same encoder
    SparkEmbedder.text("minilm").withBatchSize(64).embed(strings("text", texts.subList(0, 50), 2), "text", "e")
        .count();
    assertThat(ExecutorEncoders.loads() - loadsBefore).isEqualTo(1);
  }

  @Test
  void aModelFolderShippedWithSparkFilesIsFound() {
    Path folder = TEXT.resolve("tiny-bert");
    spark.sparkContext().addFile(folder.toString(), true);
    List<String> texts = sentences(40);
    List<float[]> local;
    try (TextEncoder encoder = TextEncoder.create(TextEncoderConfig.builder()
        .setSource(ModelSource.parse(folder.toString())).build())) {
      local = encoder.encodeAll(texts);
    }
    List<Row> rows = SparkEmbedder.text("spark-files:tiny-bert").embed(strings("text", texts, 3), "text", "v")
        .collectAsList();
    for (Row r : rows) {
      int i = Integer.parseInt(r.getString(0).substring(3));
      assertClose(vector(r, "v"), local.get(i), "text " + i);
    }
  }

  @Test
  void aCorruptImageFailsTheJobNamingTheRowOrIsSkipped() throws Exception {
    List<String> names = List.of("rgb.png", "photo.jpg", "wide.png", "cmyk.jpg", "tiny.png", "palette.png");
    List<String> paths = new ArrayList<>();
    for (String n : names) {
      paths.add(IMAGES.resolve("images").resolve(n).toString());
    }
    Path corrupt = tmp.resolve("corrupt.jpg");
    byte[] jpg = Files.readAllBytes(IMAGES.resolve("images/photo.jpg"));
    Files.write(corrupt, java.util.Arrays.copyOf(jpg, 300));
    paths.add(3, corrupt.toString());
    String model = IMAGES.resolve("tiny-resnet").toString();
    Dataset<Row> df = strings("path", paths, 2);
    assertThatThrownBy(() -> SparkEmbedder.images(model).withIdColumn("id").embed(df, "path", "v").collectAsList())
        .hasStackTraceContaining("row with id 'id-3' ('" + corrupt + "')");
    List<Row> rows = SparkEmbedder.images(model).onError(SparkEmbedder.OnError.SKIP).embed(df, "path", "v")
        .collectAsList();
    try (ImageEncoder encoder = ImageEncoder.create(ImageEncoderConfig.builder()
        .setSource(ModelSource.parse(model)).build())) {
      for (Row r : rows) {
        if (r.getString(0).equals("id-3")) {
          assertThat(r.isNullAt(r.fieldIndex("v"))).isTrue();
          assertThat(r.getString(r.fieldIndex("v_error"))).contains("corrupt.jpg");
        } else {
          assertThat(r.isNullAt(r.fieldIndex("v_error"))).isTrue();
          assertClose(vector(r, "v"), encoder.encode(Path.of(r.getString(1))), r.getString(1));
        }
      }
    }
  }

  @Test
  void audioBytesEmbedAsTheFilesDo() throws Exception {
    List<String> clips = List.of("speech_22k.wav", "tones_44k.wav", "speech_48k_24bit.flac");
    List<Row> rows = new ArrayList<>();
    for (String c : clips) {
      rows.add(RowFactory.create(c, Files.readAllBytes(AUDIO.resolve("audio").resolve(c))));
    }
    StructType schema = new StructType().add("name", DataTypes.StringType).add("bytes", DataTypes.BinaryType);
    String model = AUDIO.resolve("tiny-wav2vec2").toString();
    List<Row> out = SparkEmbedder.audio(model).embed(spark.createDataFrame(rows, schema), "bytes", "v")
        .collectAsList();
    try (AudioEncoder encoder = AudioEncoder.create(AudioEncoderConfig.builder()
        .setSource(ModelSource.parse(model)).build())) {
      for (Row r : out) {
        assertClose(vector(r, "v"), encoder.encode(AUDIO.resolve("audio").resolve(r.getString(0))), r.getString(0));
      }
    }
  }

  @Test
  void guiceBindsTheEmbedderAndItsSpec() {
    SparkEmbedder configured = SparkEmbedder.text("minilm").withBatchSize(16);
    com.google.inject.Injector injector = com.google.inject.Guice.createInjector(new SparkEmbedderModule(configured));
    assertThat(injector.getInstance(SparkEmbedder.class)).isSameAs(configured);
    assertThat(injector.getInstance(EncoderSpec.class)).isEqualTo(
        new EncoderSpec(EncoderSpec.Modality.TEXT, "minilm", 16, 0, null));
    List<Row> rows = injector.getInstance(SparkEmbedder.class)
        .embed(strings("text", List.of("a happy dog"), 1), "text", "v").collectAsList();
    try (TextEncoder encoder = TextEncoder.minilm()) {
      assertClose(vector(rows.get(0), "v"), encoder.encode("a happy dog"), "a happy dog");
    }
  }

  @Test
  void wrongColumnsAreRefusedBeforeAnyWork() {
    Dataset<Row> df = strings("text", List.of("a"), 1);
    assertThatThrownBy(() -> SparkEmbedder.text("minilm").embed(df, "nope", "v"))
        .isInstanceOf(InvalidInputException.class).hasMessage("no column 'nope' among [id, text]");
    assertThatThrownBy(() -> SparkEmbedder.text("minilm").embed(df, "text", "id"))
        .hasMessage("column 'id' exists already");
    Dataset<Row> numbers = spark.range(3).toDF("n");
    assertThatThrownBy(() -> SparkEmbedder.text("minilm").embed(numbers, "n", "v"))
        .hasMessage("column 'n' is bigint; text needs string");
  }

  @Test
  void theSubmitJobReadsEmbedsAndWritesParquet() throws Exception {
    Path in = tmp.resolve("sentences.txt");
    List<String> texts = sentences(30);
    Files.write(in, texts);
    Path out = tmp.resolve("embeddings.parquet");
    long n = EmbedJob.run(spark, EmbedJob.options(new String[] {"--in", in.toString(), "--model", "minilm", "--out",
        out.toString(), "--batch", "8"}));
    assertThat(n).isEqualTo(30);
    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
    try (TextEncoder encoder = TextEncoder.minilm()) {
      for (Row r : rows) {
        assertClose(vector(r, "embedding"), encoder.encode(r.getString(0)), r.getString(0));
      }
    }
    assertThatThrownBy(() -> EmbedJob.options(new String[] {"--in"})).hasMessage("--in needs a value");
    assertThatThrownBy(() -> EmbedJob.run(spark, EmbedJob.options(new String[] {"--in", in.toString()})))
        .hasMessage("--model is required");
  }
}
