package io.embedkit.examples;

import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Semantic document search: embeds documents (one per line of a file, or built-in ones) into an HNSW store,
 * saves it, opens it again and answers a query.
 */
public final class DocumentSearchExample {
  /** The documents used when no file is given. */
  public static final List<String> DOCUMENTS = List.of(
      "Artificial intelligence is revolutionizing healthcare",
      "Machine learning models require significant data for training",
      "Neural networks have multiple layers of computational nodes",
      "Healthcare costs continue to rise in many countries",
      "Data privacy is a major concern in medical applications");

  private DocumentSearchExample() {}

  /**
   * Runs the example.
   *
   * @param documents the documents, or null for the built-in ones
   * @param query the query
   * @param storeFile where to save the store
   * @param k how many hits
   * @param out where to print
   * @throws IOException if a file cannot be read or written
   */
  public static void run(Path documents, String query, Path storeFile, int k, PrintWriter out) throws IOException {
    List<String> docs = documents == null ? DOCUMENTS : Files.readAllLines(documents);
    try (Encoder<String> encoder = Encoders.open("minilm", String.class);
        EmbeddingStore<String> store = EmbeddingStore.of(encoder,
            HnswIndex.create(HnswConfig.of(encoder.space().dimension(), Metric.COSINE)))) {
      List<EmbeddingStore.Entry<String>> entries = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        if (!docs.get(i).isBlank()) {
          entries.add(new EmbeddingStore.Entry<>("doc-" + (i + 1), docs.get(i), Map.of("text", docs.get(i))));
        }
      }
      store.addAll(entries);
      store.save(storeFile); // index, ids, metadata and the model's space
    }
    try (EmbeddingStore<String> store = EmbeddingStore.load(storeFile, Encoders.open("minilm", String.class))) {
      out.printf("%d documents in %s; top %d for \"%s\":%n", store.size(), storeFile, k, query);
      for (SearchHit hit : store.search(query, k)) {
        out.printf(Locale.ROOT, "  %.4f  %s  %s%n", hit.score(), hit.id(), hit.metadata().get("text"));
      }
    }
    out.flush();
  }

  /**
   * Runs the example with the store saved in a new temporary folder, deleted afterwards.
   *
   * @param documents the documents, or null for the built-in ones
   * @param query the query
   * @param k how many hits
   * @param out where to print
   * @throws IOException if a file cannot be read or written
   */
  public static void runInTempFolder(Path documents, String query, int k, PrintWriter out) throws IOException {
    Path dir = Files.createTempDirectory("embedkit-example");
    try {
      run(documents, query, dir.resolve("documents.idx"), k, out);
    } finally {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * Runs the example: {@code [query] [documents.txt]}.
   *
   * @param args an optional query and an optional file of documents
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    runInTempFolder(args.length > 1 ? Path.of(args[1]) : null, args.length > 0 ? args[0] : "AI in medicine", 3,
        new PrintWriter(System.out, true));
  }
}
