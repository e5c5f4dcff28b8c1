package io.embedkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.SearchHit;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelSource;
import io.embedkit.index.flat.FlatIndex;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tiny CLIP (both towers, both engines) against tiny-clip/reference.json: image and text embeddings at
 * cosine 0.9999 or more and every component within 1e-4 of the L2-normalised reference, and for every text query the images ranked in the reference's order.
 */
class ClipTest {
  private static ClipModel open(ModelEngine engine) {
    return ClipModel.load(ModelSource.parse(Fixtures.resource("tiny-clip").toString()), engine);
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void towersMatchTheReferenceAndShareOneSpace(ModelEngine engine) {
    JsonObject ref = Fixtures.json("tiny-clip/reference.json");
    try (ClipModel clip = open(engine)) {
      assertThat(clip.texts().space().isCompatibleWith(clip.images().space())).isTrue();
      assertThat(clip.space().name()).isEqualTo("embedkit/tiny-clip");
      JsonObject images = ref.getAsJsonObject("images");
      for (String name : images.keySet()) {
        float[] v = clip.images().encode(Fixtures.image(name));
        assertThat(ImageEncoderParityTest.cosine(v, images.getAsJsonArray(name)))
            .as(name + " image embedding on " + engine + " vs tiny-clip/reference.json").isGreaterThanOrEqualTo(0.9999);
        ImageEncoderParityTest.assertComponents(v, images.getAsJsonArray(name), true, // CLIP's raw features
            name + " image embedding on " + engine + " vs tiny-clip/reference.json");
      }
      JsonObject texts = ref.getAsJsonObject("texts");
      for (String q : texts.keySet()) {
        long[] ids = clip.texts().tokenIds(q);
        List<Long> want = new ArrayList<>();
        texts.getAsJsonObject(q).getAsJsonArray("ids").forEach(e -> want.add(e.getAsLong()));
        assertThat(ids).as("token ids of '" + q + "'").containsExactly(want.stream().mapToLong(Long::longValue).toArray());
        float[] v = clip.texts().encode(q);
        assertThat(ImageEncoderParityTest.cosine(v, texts.getAsJsonObject(q).getAsJsonArray("embedding")))
            .as("'" + q + "' text embedding on " + engine).isGreaterThanOrEqualTo(0.9999);
        ImageEncoderParityTest.assertComponents(v, texts.getAsJsonObject(q).getAsJsonArray("embedding"), true,
            "'" + q + "' text embedding on " + engine + " vs tiny-clip/reference.json");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ModelEngine.class)
  void aTextQueryRanksImagesInTheReferenceOrder(ModelEngine engine) throws Exception {
    JsonObject cosine = Fixtures.json("tiny-clip/reference.json").getAsJsonObject("cosine");
    try (ClipModel clip = open(engine)) {
      EmbeddingStore<BufferedImage> store = EmbeddingStore.of(clip.images(),
          FlatIndex.create(clip.space().dimension(), clip.space().metric()));
      List<String> names = new ArrayList<>(cosine.getAsJsonObject(cosine.keySet().iterator().next()).keySet());
      for (String n : names) {
        store.add(n, ImageDecoder.defaults().decode(Fixtures.image(n)).toBufferedImage());
      }
      for (String q : cosine.keySet()) {
        JsonObject sims = cosine.getAsJsonObject(q);
        List<String> want = new ArrayList<>(names);
        want.sort(Comparator.comparingDouble((String n) -> -sims.get(n).getAsDouble()));
        List<String> got = store.search(clip.texts(), q, names.size(), null).stream().map(SearchHit::id).toList();
        assertThat(got).as("images for '" + q + "' on " + engine + ", reference cosines " + sims).isEqualTo(want);
      }
    }
  }
}
