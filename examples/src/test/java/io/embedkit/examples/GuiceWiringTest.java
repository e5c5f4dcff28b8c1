package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.guice.EmbeddingStoreModule;
import io.embedkit.index.flat.FlatIndexConfig;
import io.embedkit.index.flat.FlatIndexModule;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import io.embedkit.text.TextEncoderModule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuiceWiringTest {
  @Test
  void theTextEncoderAndTheFlatIndexWireIntoAStore() {
    Injector injector = Guice.createInjector(
        new TextEncoderModule(TextEncoderConfig.defaults()),
        new FlatIndexModule(new FlatIndexConfig(384, Metric.COSINE)),
        EmbeddingStoreModule.of(String.class));
    try (EmbeddingStore<String> store = injector.getInstance(new Key<EmbeddingStore<String>>() {})) {
      assertThat(store.encoder()).isSameAs(injector.getInstance(new Key<Encoder<String>>() {}))
          .isSameAs(injector.getInstance(TextEncoder.class));
      List<String> docs = List.of("Artificial intelligence is revolutionizing healthcare",
          "Healthcare costs continue to rise in many countries",
          "Data privacy is a major concern in medical applications");
      for (int i = 0; i < docs.size(); i++) {
        store.add("d" + i, docs.get(i));
      }
      assertThat(store.search("AI in medicine", 2)).extracting(SearchHit::id).containsExactly("d0", "d2");
    }
  }
}
