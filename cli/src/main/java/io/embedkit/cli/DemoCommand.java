package io.embedkit.cli;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.SearchHit;
import io.embedkit.core.Vectors;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.text.TextEncoder;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The main demo: sentence similarity and semantic search with the embedded model, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Sentence similarity and semantic search with the embedded all-MiniLM-L6-v2; no setup.")
final class DemoCommand implements Callable<Integer> {
  static final String ANCHOR = "That is a happy person";
  static final List<String> COMPARED = List.of(
      "That is a very happy person", "That is a happy dog", "Today is a sunny day");
  static final String QUERY = "AI in medicine";
  static final List<String> DOCUMENTS = List.of(
      "Artificial intelligence is revolutionizing healthcare",
      "Machine learning models require significant data for training",
      "Neural networks have multiple layers of computational nodes",
      "Healthcare costs continue to rise in many countries",
      "Data privacy is a major concern in medical applications");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TextEncoder encoder = TextEncoder.minilm();
        EmbeddingStore<String> store = EmbeddingStore.of(encoder,
            FlatIndex.create(encoder.space().dimension(), encoder.space().metric()))) {
      out.printf("embedkit demo: %s, %d dimensions, embedded and offline%n%n", encoder.space().name(),
          encoder.space().dimension());
      out.printf("Cosine similarity to \"%s\":%n", ANCHOR);
      float[] anchor = encoder.encode(ANCHOR);
      List<float[]> compared = encoder.encodeAll(COMPARED);
      for (int i = 0; i < COMPARED.size(); i++) {
        out.printf("  %.7f  %s%n", Vectors.cosine(anchor, compared.get(i)), COMPARED.get(i));
      }
      for (int i = 0; i < DOCUMENTS.size(); i++) {
        store.add(Integer.toString(i + 1), DOCUMENTS.get(i), java.util.Map.of("text", DOCUMENTS.get(i)));
      }
      out.printf("%nSemantic search for \"%s\" (top 2 of %d):%n", QUERY, store.size());
      int rank = 1;
      for (SearchHit hit : store.search(QUERY, 2)) {
        out.printf("  %d. %.4f  %s%n", rank++, hit.score(), hit.metadata().get("text"));
      }
    }
    out.flush();
    return 0;
  }
}
