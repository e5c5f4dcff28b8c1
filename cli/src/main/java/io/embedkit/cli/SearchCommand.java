package io.embedkit.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Filter;
import io.embedkit.core.Encoder;
import io.embedkit.core.IndexLoader;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.Reranker;
import io.embedkit.core.SearchMode;
import io.embedkit.core.SearchOptions;
import io.embedkit.core.StoreFolder;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Searches a saved index with a query embedded by a model. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search a saved index.")
final class SearchCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "INDEX",
      description = "The index file, or a remote index such as solr://host:port/collection.")
  String index;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Query query;

  static final class Query {
    @Option(names = "--text", paramLabel = "TEXT", description = "A text query.")
    String text;

    @Option(names = "--image", paramLabel = "FILE", description = "An image file as the query.")
    Path image;

    @Option(names = "--audio", paramLabel = "FILE", description = "An audio file as the query.")
    Path audio;
  }

  @CommandLine.Mixin ModelOptions model;

  @Option(names = "--k", defaultValue = "10", description = "How many hits (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--preprocess", paramLabel = "resnet|clip",
      description = "Image preprocessing preset instead of the folder's preprocessor_config.json.")
  String preprocess;

  @Option(names = "--json",
      description = "Print the hits as a JSON array of {rank, id, score, distance, metadata, text}.")
  boolean json;

  @Option(names = "--filter", paramLabel = "EXPR",
      description = "Only items whose metadata match, e.g. \"lang == 'en' && year >= 2020\" (==, !=, >, >=, <,"
          + " <=, IN [..], NIN [..], AND/&&, OR/||, NOT, parentheses; strings quoted, numbers, true/false).")
  String filter;

  @Option(names = "--allow-space-mismatch",
      description = "Search with a model of another embedding space than the index's (e.g. its int8 variant), on"
          + " purpose; the dimensions must still agree.")
  boolean allowSpaceMismatch;

  @Option(names = "--mode", defaultValue = "vector", paramLabel = "vector|keyword|hybrid",
      description = "Nearest vectors, keyword (BM25) matches of the text, or both fused (default: ${DEFAULT-VALUE})."
          + " Keyword search uses the index folder's keyword index (index build --keyword), or builds one from"
          + " the texts the index stores.")
  String mode;

  @CommandLine.Mixin RetrievalOptions retrieval;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Modality modality = query.audio != null ? Modality.audio : query.image != null ? Modality.image : Modality.text;
    Filter where = filter == null ? null : Filter.parse(filter); // refused before anything is opened
    SearchMode searchMode = SearchMode.parse(mode);
    retrieval.check();
    if (modality != Modality.text && (searchMode != SearchMode.VECTOR || retrieval.rerank != null)) {
      throw new InvalidInputException((searchMode != SearchMode.VECTOR ? "--mode " + mode : "--rerank")
          + " needs a --text query");
    }
    VectorIndex idx;
    KeywordIndex keywords = null;
    if (!index.contains("://") && StoreFolder.isStoreFolder(Path.of(index))) {
      StoreFolder.Pair pair = StoreFolder.load(Path.of(index));
      idx = pair.vectors();
      keywords = pair.keywords();
    } else {
      idx = IndexLoader.openAny(index);
    }
    Encoder<?> encoder = null;
    Reranker reranker = null;
    try {
      if (keywords == null && searchMode != SearchMode.VECTOR) {
        if (index.contains("://")) {
          throw new InvalidInputException("--mode " + mode + " needs a local index: " + index + " has no keyword"
              + " index here");
        }
        keywords = RetrievalOptions.keywordsFromTexts(idx, spec.commandLine().getErr());
      }
      reranker = retrieval.reranker().orElse(null);
      encoder = model.open(ModelOptions.itemType(modality), preprocess);
    } catch (RuntimeException e) {
      closeAll(idx, keywords, reranker, encoder);
      throw e;
    }
    EmbeddingStore<?> store;
    try { // the store refuses a model of another space than the index's, naming both
      store = EmbeddingStore.of(encoder, idx, keywords, allowSpaceMismatch
          ? EmbeddingStore.SpaceCheck.ALLOW_MISMATCH : EmbeddingStore.SpaceCheck.REQUIRE_SAME);
    } catch (RuntimeException e) {
      closeAll(idx, keywords, reranker, encoder);
      throw e instanceof InvalidInputException
          ? new InvalidInputException("index " + index + ": " + e.getMessage() + "; search with the --model that"
              + " built it" + (e instanceof io.embedkit.core.DimensionMismatchException ? ""
              : ", or pass --allow-space-mismatch to mix on purpose"), e) : e;
    }
    try (store) {
      print(modality == Modality.text ? search(store, query.text, retrieval.options(searchMode, reranker)
          .filter(where)) : store.searchFile(modality == Modality.image ? query.image : query.audio, k, where));
    } finally {
      if (reranker != null) {
        reranker.close();
      }
    }
    return 0;
  }

  private static void closeAll(VectorIndex idx, KeywordIndex keywords, Reranker reranker, Encoder<?> encoder) {
    idx.close();
    if (keywords != null) {
      keywords.close();
    }
    if (reranker != null) {
      reranker.close();
    }
    if (encoder != null) {
      encoder.close();
    }
  }

  @SuppressWarnings("unchecked")
  private List<SearchHit> search(EmbeddingStore<?> store, String text, SearchOptions options) {
    return ((EmbeddingStore<String>) store).search(text, k, options);
  }

  private void print(List<SearchHit> hits) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonArray array = new JsonArray();
      int rank = 1;
      for (SearchHit h : hits) {
        JsonObject o = new JsonObject();
        o.addProperty("rank", rank++);
        o.addProperty("id", h.id());
        o.addProperty("score", h.score());
        o.addProperty("distance", h.distance());
        JsonObject meta = new JsonObject();
        for (Map.Entry<String, Object> e : h.metadata().entrySet()) {
          Object v = e.getValue();
          if (v instanceof Number n) {
            meta.addProperty(e.getKey(), n);
          } else if (v instanceof Boolean b) {
            meta.addProperty(e.getKey(), b);
          } else {
            meta.addProperty(e.getKey(), v.toString());
          }
        }
        o.add("metadata", meta);
        if (h.text() != null) {
          o.addProperty("text", h.text());
        }
        array.add(o);
      }
      out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(array));
    } else {
      int rank = 1;
      for (SearchHit h : hits) {
        Object text = h.text() != null ? h.text() : h.metadata().getOrDefault("text", h.metadata().get("path"));
        out.printf("%d\t%.6f\t%s%s%n", rank++, h.score(), h.id(), text == null ? "" : "\t" + text);
      }
    }
    out.flush();
  }
}
