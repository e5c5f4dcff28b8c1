package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.runtime.ModelSource;
import io.embedkit.image.ClipModel;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImageEncoderConfig;
import io.embedkit.index.Indexes;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.text.TextEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start, as written there, so it cannot rot. */
class ReadmeQuickStartTest {
  @TempDir Path tmp;

  @Test
  void quickStartRunsAsDocumented() throws Exception {
    Path file = tmp.resolve("docs.idx");
    try (TextEncoder encoder = TextEncoder.minilm();                       // all-MiniLM-L6-v2, offline
         EmbeddingStore<String> store = EmbeddingStore.of(encoder, HnswIndex.create(HnswConfig.of(384, Metric.COSINE)))) {
      store.add("1", "Artificial intelligence is revolutionizing healthcare", Map.of("lang", "en"));
      store.add("2", "Healthcare costs continue to rise in many countries", Map.of("lang", "en"));
      List<SearchHit> hits = store.search("AI in medicine", 1);             // hits.get(0).id() == "1"
      store.save(file);                                    // index, ids, metadata and the model's space; atomic
      assertThat(hits.get(0).id()).isEqualTo("1");
    }
    try (EmbeddingStore<String> store = EmbeddingStore.load(file, TextEncoder.minilm())) {
      assertThat(store.search("hospital bills", 1).get(0).id()).isEqualTo("2");
    }
    assertThat(Indexes.load(file).size()).isEqualTo(2);
  }

  /** The README's classifier snippet, on a few labelled sentences. */
  @Test
  void classifierSnippetRunsAsDocumented() throws Exception {
    List<String> texts = List.of("Stocks fell as rates rose", "The central bank raised interest rates",
        "Bond markets rallied on inflation data", "The striker scored twice in the final",
        "The team won the championship match", "A late goal decided the derby");
    List<String> labels = List.of("finance", "finance", "finance", "sport", "sport", "sport");
    try (TextEncoder encoder = TextEncoder.minilm()) {
      List<float[]> vectors = encoder.encodeAll(texts);
      io.embedkit.training.EmbeddingClassifier clf = io.embedkit.training.EmbeddingClassifier.fit(vectors, labels,
          encoder.space(), io.embedkit.training.ClassifierConfig.of(io.embedkit.training.ClassifierConfig.Head.LINEAR));
      io.embedkit.training.EmbeddingClassifier.Prediction p = clf.predict(encoder.encode("Bond yields climbed again"));
      String topic = p.label();                                        // p.probabilities(): every label's
      clf.save(tmp.resolve("topic-head"));                             // EmbeddingClassifier.load(...) refuses other spaces
      io.embedkit.training.LinearAdapter adapter = io.embedkit.training.LinearAdapter.fit(vectors, labels,
          encoder.space(), io.embedkit.training.LinearAdapter.Config.defaults());
      float[] adapted = adapter.apply(encoder.encode("Bond yields climbed again"));   // or adapter.wrap(encoder)
      assertThat(topic).isEqualTo("finance");
      assertThat(adapted).hasSize(384);
      assertThat(io.embedkit.training.EmbeddingClassifier.load(tmp.resolve("topic-head")).predict(
          encoder.encode("The goalkeeper saved a penalty")).label()).isEqualTo("sport");
    }
  }

  /** The README's hybrid search snippet, with the text-encoder's tiny cross-encoder for the real one. */
  @Test
  void hybridSnippetRunsAsDocumented() throws Exception {
    String crossEncoder = Path.of("..", "text-encoder", "src", "test", "resources", "tiny-cross-encoder")
        .toAbsolutePath().normalize().toString();
    Path folder = tmp.resolve("store");
    List<SearchHit> hits;
    List<SearchHit> reranked;
    try (EmbeddingStore<String> store = EmbeddingStore.of(TextEncoder.minilm(), FlatIndex.create(384, Metric.COSINE),
             io.embedkit.keyword.LuceneKeywordIndex.create());
         io.embedkit.text.CrossEncoder reranker = io.embedkit.text.CrossEncoder.load(ModelSource.parse(crossEncoder))) {
      store.add("1", "Aspirin reduces the risk of a heart attack", Map.of("lang", "en"));
      store.add("2", "Myocardial infarction: symptoms and treatment", Map.of("lang", "en"));
      hits = store.search("heart attack", 10, io.embedkit.core.SearchOptions.hybrid()      // RRF, k = 60
          .filter(io.embedkit.core.Filter.eq("lang", "en")));
      List<SearchHit> weighted = store.search("heart attack", 10, io.embedkit.core.SearchOptions.hybrid()
          .fusion(io.embedkit.core.Fusion.weighted(0.7)));
      reranked = store.search("heart attack", 10, io.embedkit.core.SearchOptions.hybrid().rerank(reranker, 50));
      store.save(folder);  // a folder: both indexes, replaced together
      assertThat(weighted).hasSize(2);
    }
    assertThat(hits).extracting(SearchHit::id).containsExactly("1", "2");
    assertThat(reranked).extracting(SearchHit::id).containsExactlyInAnyOrder("1", "2");
    assertThat(folder.resolve("CURRENT")).isRegularFile();
    try (EmbeddingStore<String> loaded = EmbeddingStore.load(folder, TextEncoder.minilm())) {
      assertThat(loaded.search("heart attack", 1, io.embedkit.core.SearchOptions.keyword()).get(0).id())
          .isEqualTo("1");
    }
  }

  /** The README's image snippet, with the image-encoder's tiny test models for the real folders. */
  @Test
  void imageSnippetRunsAsDocumented() throws Exception {
    Path fixtures = Path.of("..", "image-encoder", "src", "test", "resources").toAbsolutePath().normalize();
    Path cat = fixtures.resolve("images/photo.jpg");
    try (ImageEncoder encoder = ImageEncoder.create(ImageEncoderConfig.builder()
            .setSource(ModelSource.parse(fixtures.resolve("tiny-resnet").toString())).optNormalize(true).build())) {
      float[] v = encoder.encode(cat);
      List<float[]> vs = encoder.encodeFiles(List.of(fixtures.resolve("images/rgb.png"),
          fixtures.resolve("images/lossless.webp")));
      assertThat(v).hasSize(16);
      assertThat(vs.get(0)).containsExactly(vs.get(1)); // the same pixels, in two formats
    }
    try (ClipModel clip = ClipModel.load(ModelSource.parse(fixtures.resolve("tiny-clip").toString()), null);
         EmbeddingStore<BufferedImage> photos = EmbeddingStore.of(clip.images(),
             FlatIndex.create(clip.space().dimension(), Metric.COSINE))) {
      photos.add("cat", ImageIO.read(cat.toFile()));
      List<SearchHit> hits = photos.search(clip.texts(), "a photo of a cat", 5, null);
      assertThat(hits).extracting(SearchHit::id).containsExactly("cat");
    }
  }

  /** The README's analysis snippet, with the variables it assumes. */
  @Test
  void analysisSnippetRunsAsDocumented() throws Exception {
    List<String> texts = List.of("Stock markets fell sharply today", "Investors worry about inflation",
        "The cat sleeps on the sofa", "My dog loves long walks", "Heavy rain is expected tomorrow",
        "A storm is approaching the coast");
    List<String> labels = List.of("money", "money", "pets", "pets", "weather", "weather");
    List<String> ids = List.of("a", "b", "c", "d", "e", "f");
    List<String> names = texts;
    try (TextEncoder encoder = TextEncoder.minilm()) {
      List<float[]> vectors = encoder.encodeAll(texts);
      float[][] sim = io.embedkit.analysis.Similarity.cosine(vectors);                                   // pairwise matrix
      io.embedkit.analysis.KMeans.Result clusters = io.embedkit.analysis.KMeans.fit(vectors,
          io.embedkit.analysis.KMeans.Config.of(3).withNormalize(true));   // k-means++, seed 42
      double quality = io.embedkit.analysis.Silhouette.score(vectors, clusters.labels(), Metric.COSINE);
      String topic;
      try (io.embedkit.analysis.KnnClassifier knn = io.embedkit.analysis.KnnClassifier.fit(vectors, labels,
          Metric.COSINE, 1)) {
        topic = knn.predict(encoder.encode("Bond yields climbed again")).label();
      }
      List<double[]> xy = io.embedkit.analysis.Pca.fit(vectors, 2).transform(vectors);
      List<String> groups = labels;
      io.embedkit.analysis.ScatterPlot.write(tmp.resolve("plot.png"), xy, groups, names,
          io.embedkit.analysis.ScatterPlot.Options.defaults());   // .png or .svg
      io.embedkit.analysis.NearDuplicates.Result dups = io.embedkit.analysis.NearDuplicates.find(ids, vectors,
          Metric.COSINE, 0.95f);
      assertThat(sim[0][0]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
      assertThat(clusters.labels()[0]).isEqualTo(clusters.labels()[1]);
      assertThat(quality).isPositive();
      assertThat(topic).isEqualTo("money");
      assertThat(tmp.resolve("plot.png")).isNotEmptyFile();
      assertThat(dups.pairs()).isEmpty();
    }
  }
}
