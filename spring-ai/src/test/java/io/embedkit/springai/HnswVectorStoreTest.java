package io.embedkit.springai;

import java.util.function.Consumer;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring AI's own {@link BaseVectorStoreTests}, unmodified, on the vector store the auto-configuration makes
 * from properties alone: MiniLM and a new hnsw index in a fresh application context per test.
 */
class HnswVectorStoreTest extends BaseVectorStoreTests {
  @Override
  protected void executeTest(Consumer<VectorStore> testFunction) {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EmbedkitAutoConfiguration.class))
        .withPropertyValues("embedkit.model=minilm", "embedkit.index.type=hnsw")
        .run(context -> testFunction.accept(context.getBean(VectorStore.class)));
  }
}
