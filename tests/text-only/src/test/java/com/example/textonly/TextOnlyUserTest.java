package com.example.textonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user with only core, text-encoder and index gets: text search works, nothing of image/audio is there. */
class TextOnlyUserTest {
  @Test
  void noImageOrAudioCodeIsOnTheClasspath() {
    String cp = System.getProperty("java.class.path");
    for (String jar : List.of("embedkit-image-encoder", "embedkit-audio-encoder", "twelvemonkeys", "jflac", "mp3spi",
        "JTransforms", "webp-imageio", "pytorch-native-cpu")) { // ONNX alone: no 100 MB libtorch
      assertFalse(cp.contains(jar), jar + " is on the classpath: " + cp);
    }
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.embedkit.image.ImageEncoder"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.embedkit.audio.AudioEncoder"));
  }

  @Test
  void textSearchWorksAndTheStoreSurvivesASaveAndLoad() throws Exception {
    List<String> docs = List.of("Artificial intelligence is revolutionizing healthcare",
        "Healthcare costs continue to rise in many countries", "Neural networks have multiple layers");
    Path file = Files.createTempDirectory("text-only").resolve("docs.idx");
    try (Encoder<String> encoder = Encoders.open("minilm", String.class);
        EmbeddingStore<String> store = EmbeddingStore.of(encoder,
            HnswIndex.create(HnswConfig.of(encoder.space().dimension(), Metric.COSINE)))) {
      for (int i = 0; i < docs.size(); i++) {
        store.add("d" + i, docs.get(i));
      }
      List<SearchHit> hits = store.search("AI in medicine", 1);
      assertEquals("d0", hits.get(0).id());
      store.save(file);
    }
    try (EmbeddingStore<String> loaded = EmbeddingStore.load(file, Encoders.open("minilm", String.class))) {
      assertEquals(3, loaded.size());
      assertTrue(loaded.search("hospital bills", 1).get(0).id().equals("d1"));
    }
  }

  @Test
  void aTorchScriptModelWithoutLibtorchNamesTheArtifactToAdd() throws Exception {
    Path folder = Files.createTempDirectory("text-only-pt");
    Path minilm = io.embedkit.runtime.ModelSource.embedded("minilm").resolve().directory();
    Files.copy(minilm.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
    Files.writeString(folder.resolve("model.pt"), "not read: libtorch is missing before the file is opened");
    io.embedkit.core.ModelLoadException e = assertThrows(io.embedkit.core.ModelLoadException.class,
        () -> Encoders.open(folder.toString(), String.class));
    assertTrue(e.getMessage().contains("is TorchScript, which runs on libtorch: add"
        + " ai.djl.pytorch:pytorch-native-cpu with your platform's classifier"), e.getMessage());
  }
}
