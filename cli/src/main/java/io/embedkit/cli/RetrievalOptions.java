package io.embedkit.cli;

import io.embedkit.core.Fusion;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.Reranker;
import io.embedkit.core.SearchMode;
import io.embedkit.core.SearchOptions;
import io.embedkit.core.VectorIndex;
import io.embedkit.keyword.LuceneKeywordIndex;
import io.embedkit.runtime.ModelSource;
import io.embedkit.text.CrossEncoder;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options shared by {@code search} and {@code eval}: fusion, depth and reranking. */
final class RetrievalOptions {
  @Option(names = "--fusion", defaultValue = "rrf", paramLabel = "rrf|weighted",
      description = "How hybrid rankings merge: reciprocal rank fusion, or a weighted sum of min-max normalised"
          + " scores (default: ${DEFAULT-VALUE}).")
  String fusion;

  @Option(names = "--rrf-k", defaultValue = "60", paramLabel = "N",
      description = "The reciprocal rank fusion constant (default: ${DEFAULT-VALUE}).")
  int rrfK;

  @Option(names = "--vector-weight", defaultValue = "0.5", paramLabel = "W",
      description = "The vector side's weight in weighted fusion, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double vectorWeight;

  @Option(names = "--depth", defaultValue = "5", paramLabel = "N",
      description = "Each hybrid ranking is k x N hits deep (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--rerank", paramLabel = "MODEL",
      description = "A cross-encoder (Hugging Face sequence-classification folder or hub id) that reorders the"
          + " first hits.")
  String rerank;

  @Option(names = "--rerank-top", defaultValue = "50", paramLabel = "N",
      description = "How many of the first hits the cross-encoder reads (default: ${DEFAULT-VALUE}).")
  int rerankTop;

  @Option(names = "--rerank-label", paramLabel = "LABEL",
      description = "For a cross-encoder of several labels, the one whose probability is the score.")
  String rerankLabel;

  Fusion fusion() {
    return switch (fusion.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "rrf" -> Fusion.rrf(rrfK);
      case "weighted" -> Fusion.weighted(vectorWeight);
      default -> throw new InvalidInputException("unknown --fusion '" + fusion + "': use rrf or weighted");
    };
  }

  /** Checks the numbers before any model is loaded. */
  void check() {
    fusion();
    if (depth < 1) {
      throw new InvalidInputException("--depth must be at least 1, was " + depth);
    }
    if (rerank != null && rerankTop < 1) {
      throw new InvalidInputException("--rerank-top must be at least 1, was " + rerankTop);
    }
  }

  SearchOptions options(SearchMode mode, Reranker reranker) {
    return SearchOptions.of(mode).fusion(fusion()).depth(depth).rerank(reranker, reranker == null ? 0 : rerankTop);
  }

  /** Loads the cross-encoder named by {@code --rerank}, if any. */
  Optional<Reranker> reranker() {
    if (rerank == null) {
      return Optional.empty();
    }
    return Optional.of(CrossEncoder.builder(ModelSource.parse(rerank)).optLabel(rerankLabel).build());
  }

  /**
   * Builds a keyword index from the texts an index stores (its items' text, else their {@code text} metadata);
   * items without text are left out.
   */
  static KeywordIndex keywordsFromTexts(VectorIndex index, PrintWriter err) {
    long start = System.nanoTime();
    LuceneKeywordIndex keywords = LuceneKeywordIndex.create();
    int n = 0;
    for (String id : index.ids(null)) {
      Map<String, Object> meta = index.metadata(id).orElse(Map.of());
      String text = index.text(id).orElse(meta.get("text") instanceof String s ? s : null);
      if (text != null) {
        keywords.add(id, text, meta);
        n++;
      }
    }
    if (n == 0) {
      keywords.close();
      throw new InvalidInputException("the index stores no texts to search by keyword: build it from .jsonl"
          + " vectors with a \"text\" field");
    }
    err.printf("keyword index built from %d stored texts in %.1f s (index build --keyword saves one)%n", n,
        (System.nanoTime() - start) / 1e9);
    err.flush();
    return keywords;
  }
}
