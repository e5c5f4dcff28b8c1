package io.embedkit.cli.bench;

import io.embedkit.cli.VectorFiles;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.Encoders;
import io.embedkit.core.Metric;
import io.embedkit.core.Progress;
import io.embedkit.core.SearchMode;
import io.embedkit.core.SearchOptions;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.keyword.LuceneKeywordIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hybrid search latency against vector-only search at 100,000 documents, one query thread: WordNet glosses with
 * their MiniLM vectors (bench/datasets/make_wordnet.sh) in an HNSW index (M 16, efConstruction 200, efSearch
 * 100) beside a Lucene BM25 index of the same texts; the 1,000 held-out glosses are the queries, k = 10, hybrid
 * lists k × 5 deep fused by RRF. Measured twice: on the indexes alone (query vectors embedded beforehand), and
 * end to end with MiniLM embedding each query. Run by bench/hybrid-bench.sh.
 */
public final class HybridBench {
  private HybridBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> glosses = Files.readAllLines(dir.resolve("glosses.txt"));
    List<float[]> base = VectorFiles.readFvecs(dir.resolve("base.fvecs"));
    List<float[]> queryVectors = VectorFiles.readFvecs(dir.resolve("query.fvecs"));
    List<String> texts = glosses.subList(0, base.size());
    List<String> queries = glosses.subList(base.size(), base.size() + queryVectors.size());
    List<String> ids = new ArrayList<>(base.size());
    for (int i = 0; i < base.size(); i++) {
      ids.add("d" + i);
    }
    int dim = base.get(0).length;
    System.out.printf(Locale.ROOT, "%d documents, %d queries, %d dimensions; %s, %d cores%n", base.size(),
        queries.size(), dim, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    HnswIndex hnsw = HnswIndex.create(HnswConfig.of(dim, Metric.COSINE).withGraph(16, 200));
    hnsw.addAll(ids, base, texts, null, 2, Progress.NONE);
    long t1 = System.nanoTime();
    LuceneKeywordIndex keywords = LuceneKeywordIndex.create();
    for (int i = 0; i < texts.size(); i++) {
      keywords.add(ids.get(i), texts.get(i), Map.of());
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "build: hnsw %.1f s (2 threads), keyword %.1f s (1 thread)%n", (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);

    Map<String, float[]> embedded = new HashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      embedded.put(queries.get(i), queryVectors.get(i));
    }
    EmbeddingSpace space = hnsw.space().orElse(new EmbeddingSpace("wordnet", dim, true, Metric.COSINE));
    Encoder<String> lookup = new Encoder<>() {
      @Override
      public EmbeddingSpace space() {
        return space;
      }

      @Override
      public float[] encode(String input) {
        return embedded.get(input).clone();
      }

      @Override
      public void close() {}
    };
    System.out.println("\nindexes only (query vectors embedded beforehand)");
    EmbeddingStore<String> store = EmbeddingStore.of(lookup, hnsw, keywords);
    report(measure(store, queries, repeats));
    parts(store, hnsw, keywords, queries, repeats);
    if (args.length > 2 && args[2].equals("indexes")) {
      return;
    }
    System.out.println("\nend to end (MiniLM embeds each query)");
    Encoder<String> minilm = Encoders.open("minilm", String.class);
    EmbeddingStore<String> real = EmbeddingStore.of(minilm, hnsw, keywords,
        EmbeddingStore.SpaceCheck.ALLOW_MISMATCH);
    report(measure(real, queries, repeats));
  }

  /**
   * Times every query in each mode, {@code repeats} passes after two warm-up passes; the modes take turns pass by
   * pass, so that each meets the same JIT and GC state.
   */
  private static Map<SearchMode, double[]> measure(EmbeddingStore<String> store, List<String> queries, int repeats) {
    System.gc(); // the build's garbage collected before timing, not by a concurrent cycle during it
    Map<SearchMode, double[]> out = new java.util.EnumMap<>(SearchMode.class);
    Map<SearchMode, StringBuilder> passes = new java.util.EnumMap<>(SearchMode.class);
    for (SearchMode mode : SearchMode.values()) {
      out.put(mode, new double[queries.size() * repeats]);
      passes.put(mode, new StringBuilder());
    }
    for (int r = -2; r < repeats; r++) {
      for (SearchMode mode : SearchMode.values()) {
        SearchOptions options = SearchOptions.of(mode);
        double[] ms = out.get(mode);
        long pass = System.nanoTime();
        for (int i = 0; i < queries.size(); i++) {
          long s = System.nanoTime();
          store.search(queries.get(i), 10, options);
          if (r >= 0) {
            ms[r * queries.size() + i] = (System.nanoTime() - s) / 1e6;
          }
        }
        if (r >= 0) {
          passes.get(mode).append(String.format(Locale.ROOT, " %.3f",
              (System.nanoTime() - pass) / 1e6 / queries.size()));
        }
      }
    }
    passes.forEach((mode, text) -> System.out.println("  " + mode.label() + " per pass, mean ms:" + text));
    return out;
  }

  /** The two halves of a hybrid search, each as deep as hybrid asks (k × 5 = 50), timed alone. */
  private static void parts(EmbeddingStore<String> store, HnswIndex hnsw, LuceneKeywordIndex keywords,
      List<String> queries, int repeats) {
    int deep = 10 * SearchOptions.DEFAULT_DEPTH;
    double[] vector = new double[queries.size() * repeats];
    double[] keyword = new double[queries.size() * repeats];
    for (int pass = -1, n = 0; pass < repeats; pass++) {
      for (String q : queries) {
        float[] v = store.encoder().encode(q);
        long s = System.nanoTime();
        hnsw.search(v, deep, null);
        long m = System.nanoTime();
        keywords.search(q, deep, null, false);
        long e = System.nanoTime();
        if (pass >= 0) {
          vector[n] = (m - s) / 1e6;
          keyword[n++] = (e - m) / 1e6;
        }
      }
    }
    System.out.printf(Locale.ROOT, "parts of hybrid: vector k=%d %.3f ms, keyword k=%d without text %.3f ms (means)%n",
        deep, Arrays.stream(vector).average().orElse(0), deep, Arrays.stream(keyword).average().orElse(0));
  }

  private static void report(Map<SearchMode, double[]> results) {
    double vectorMean = Arrays.stream(results.get(SearchMode.VECTOR)).average().orElse(1);
    System.out.printf("%-8s %9s %9s %9s %14s%n", "mode", "mean ms", "p50 ms", "p99 ms", "mean / vector");
    for (Map.Entry<SearchMode, double[]> e : results.entrySet()) {
      double[] ms = e.getValue().clone();
      Arrays.sort(ms);
      double mean = Arrays.stream(ms).average().orElse(0);
      System.out.printf(Locale.ROOT, "%-8s %9.3f %9.3f %9.3f %13.2fx%n", e.getKey().label(), mean,
          ms[ms.length / 2], ms[(int) (ms.length * 0.99)], mean / vectorMean);
    }
  }
}
