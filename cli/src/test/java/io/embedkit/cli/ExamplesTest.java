package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.examples.ClusteringExample;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example, run as the README says ({@code ./embedkit example NAME ...}), with the tiny test models. */
class ExamplesTest {
  static final Path IMAGES = ImageCliTest.FIXTURES;
  static final Path AUDIO = AudioCliTest.FIXTURES;
  static final List<String> PICTURES = List.of("rgb.png", "tiny.png", "wide.png", "photo.jpg", "cmyk.jpg");
  static final List<String> CLIPS = List.of("speech_22k.wav", "tones_44k.wav", "noise_48k_f64.wav", "short_44k.wav");

  @TempDir static Path tmp;
  static Path pictures;
  static Path clips;

  @BeforeAll
  static void folders() throws Exception {
    pictures = Files.createDirectories(tmp.resolve("pictures"));
    for (String n : PICTURES) {
      Files.copy(IMAGES.resolve("images").resolve(n), pictures.resolve(n));
    }
    clips = Files.createDirectories(tmp.resolve("clips"));
    for (String n : CLIPS) {
      Files.copy(AUDIO.resolve("audio").resolve(n), clips.resolve(n));
    }
  }

  static String run(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void similarityPrintsTheSentenceTransformersValues() {
    assertThat(run("example", "similarity")).contains(
        "0.9429  \"That is a happy person\" vs \"That is a very happy person\"",
        "0.6946  \"That is a happy person\" vs \"That is a happy dog\"",
        "0.2569  \"That is a happy person\" vs \"Today is a sunny day\"");
  }

  @Test
  void documentSearchFindsTheHealthcareDocumentAfterReopeningTheStore() throws Exception {
    Path docs = tmp.resolve("docs.txt");
    Files.write(docs, List.of("Bananas are rich in potassium", "Hospitals adopt AI for diagnosis",
        "The train was late again"));
    List<String> lines = run("example", "documents", "machine learning in medicine", docs.toString()).lines().toList();
    assertThat(lines.get(0)).startsWith("3 documents in ");
    assertThat(lines.get(1)).contains("doc-2  Hospitals adopt AI for diagnosis");
    assertThat(run("example", "documents")).contains("doc-1  Artificial intelligence is revolutionizing healthcare");
  }

  @Test
  void imageSearchFindsTheQueryImageFirst() {
    String out = run("example", "images", IMAGES.resolve("tiny-resnet").toString(), pictures.toString(),
        pictures.resolve("photo.jpg").toString());
    assertThat(out.lines().toList().get(1)).startsWith("  1.0000  photo.jpg");
  }

  @Test
  void audioSearchFindsTheQueryClipFirst() {
    String out = run("example", "audio", AUDIO.resolve("tiny-wav2vec2").toString(), clips.toString(),
        clips.resolve("tones_44k.wav").toString());
    assertThat(out).startsWith("4 clips; most like tones_44k.wav:");
    assertThat(out.lines().toList().get(1)).startsWith("  1.0000  tones_44k.wav");
  }

  @Test
  void clipRanksImagesByTextAsTheReferenceDoes() throws Exception {
    Path clip = IMAGES.resolve("tiny-clip");
    JsonObject cosine = JsonParser.parseString(Files.readString(clip.resolve("reference.json"))).getAsJsonObject()
        .getAsJsonObject("cosine");
    String q = cosine.keySet().iterator().next();
    JsonObject sims = cosine.getAsJsonObject(q);
    String best = PICTURES.stream().max(Comparator.comparingDouble(n -> sims.get(n).getAsDouble())).orElseThrow();
    List<String> lines = run("example", "clip", clip.toString(), pictures.toString(), q).lines().toList();
    assertThat(lines.get(0)).isEqualTo("\"" + q + "\":");
    assertThat(lines.get(1)).endsWith("  " + best);
  }

  @Test
  void clusteringGroupsTheThreeTopicsAndDrawsThem() throws Exception {
    Path plot = tmp.resolve("clusters.png");
    String out = run("example", "clustering", plot.toString());
    assertThat(out).contains("silhouette (cosine): 0.");
    int[] labels = ClusteringExample.run(tmp.resolve("again.svg"), new PrintWriter(new StringWriter()));
    for (int topic = 0; topic < 3; topic++) {
      for (int i = 1; i < 4; i++) {
        assertThat(labels[4 * topic + i]).as("sentence %d", 4 * topic + i).isEqualTo(labels[4 * topic]);
      }
    }
    assertThat(labels[0]).isNotEqualTo(labels[4]).isNotEqualTo(labels[8]);
    assertThat(labels[4]).isNotEqualTo(labels[8]);
    BufferedImage img = ImageIO.read(plot.toFile());
    assertThat(img.getWidth()).isEqualTo(1000);
    assertThat(img.getHeight()).isEqualTo(700);
  }

  @Test
  void knnClassifiesEveryHeldOutSentence() {
    assertThat(run("example", "knn")).contains("accuracy on 6 held-out sentences: 1.00");
  }

  @Test
  void anUnknownExampleIsNamed() {
    CliTest.Run r = CliTest.run("example", "nope");
    assertThat(r.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(r.err()).contains("unknown example 'nope'");
  }

  @Test
  void theReadmesImageExampleRunsOnTheTestFolderSkippingItsBadFiles() {
    String folder = IMAGES.resolve("images").toString();
    String model = IMAGES.resolve("tiny-resnet").toString();
    String query = IMAGES.resolve("images/photo.jpg").toString();
    CliTest.Run failing = CliTest.run("example", "images", model, folder, query);
    assertThat(failing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(failing.err()).hasLineCount(1).contains("bomb.png");
    CliTest.Run r = CliTest.run("example", "images", "--on-error", "skip", model, folder, query);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err().lines().toList()).as("one line per skipped file: the decompression bomb").singleElement()
        .satisfies(l -> assertThat(l).startsWith("skipped ").contains("bomb.png: PNG header declares"));
    assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).contains("1.0000  photo.jpg");
  }

  @Test
  void theDocumentsExampleLeavesNoTemporaryFolderBehind() throws Exception {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    java.util.function.Supplier<List<Path>> leftovers = () -> {
      try (java.util.stream.Stream<Path> s = Files.list(temp)) {
        return s.filter(p -> p.getFileName().toString().startsWith("embedkit-example")).toList();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    List<Path> before = leftovers.get();
    run("example", "documents");
    assertThat(leftovers.get()).containsExactlyInAnyOrderElementsOf(before);
  }
}
