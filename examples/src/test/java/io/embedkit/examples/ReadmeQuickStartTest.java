package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.model.ModelSource;
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
      store.index().save(file);                                           // atomic, checksummed
      assertThat(hits.get(0).id()).isEqualTo("1");
    }
    assertThat(Indexes.load(file).size()).isEqualTo(2);
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
}
