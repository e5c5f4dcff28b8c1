package io.embedkit.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.embedkit.analysis.RetrievalMetrics;
import io.embedkit.core.AtomicFiles;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import io.embedkit.core.Reranker;
import io.embedkit.core.SearchHit;
import io.embedkit.core.SearchMode;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.keyword.LuceneKeywordIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures retrieval quality on a folder in the BEIR layout: indexes the corpus with a model (exact vectors and
 * BM25), runs every judged query in each mode, optionally reranked, and reports nDCG@10, Recall@100 and MRR@10.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure retrieval quality (nDCG@10, Recall@100, MRR@10) on a BEIR folder: corpus.jsonl,"
        + " queries.jsonl, qrels/test.tsv.")
final class EvalCommand implements Callable<Integer> {
  static final int NDCG_AT = 10;
  static final int RECALL_AT = 100;
  static final int MRR_AT = 10;

  @Option(names = "--data", required = true, paramLabel = "BEIR_DIR",
      description = "The folder: corpus.jsonl {_id, title, text}, queries.jsonl {_id, text}, qrels/SPLIT.tsv.")
  Path data;

  @Option(names = "--mode", defaultValue = "vector,keyword,hybrid", split = ",", paramLabel = "MODES",
      description = "The modes to run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--split", defaultValue = "test", description = "The qrels file (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--json", paramLabel = "OUT", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Mixin ModelOptions model;

  @CommandLine.Mixin RetrievalOptions retrieval;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One judged query. */
  record Query(String id, String text, Map<String, Integer> judgements) {}

  /** One document. */
  record Document(String id, String text) {}

  /** The scores of one mode. */
  record Result(String mode, String rerank, double ndcg, double recall, double mrr, double msPerQuery) {}

  @Override
  public Integer call() throws IOException {
    List<SearchMode> parsed = new ArrayList<>();
    for (String m : modes) {
      parsed.add(SearchMode.parse(m));
    }
    retrieval.check();
    List<Document> corpus = readCorpus(data.resolve("corpus.jsonl"));
    List<Query> queries = readQueries(data.resolve("queries.jsonl"), data.resolve("qrels").resolve(split + ".tsv"));
    PrintWriter err = spec.commandLine().getErr();
    List<Result> results = new ArrayList<>();
    String modelName;
    try (Reranker reranker = retrieval.reranker().orElse(null);
        QueryCache encoder = new QueryCache(model.open(String.class, null))) {
      modelName = model.model;
      EmbeddingSpace space = encoder.space();
      try (EmbeddingStore<String> store = EmbeddingStore.of(encoder,
          FlatIndex.create(space.dimension(), space.metric()), LuceneKeywordIndex.create())) {
        List<EmbeddingStore.Entry<String>> entries = new ArrayList<>(corpus.size());
        for (Document d : corpus) {
          entries.add(EmbeddingStore.Entry.of(d.id(), d.text()));
        }
        long start = System.nanoTime();
        try (ProgressBars bar = ProgressBars.start("corpus", corpus.size(), "documents")) {
          store.addAll(entries, bar);
        }
        List<String> texts = queries.stream().map(Query::text).toList();
        encoder.fill(texts);
        err.printf("indexed %d documents and embedded %d queries in %.1f s%n", corpus.size(), queries.size(),
            (System.nanoTime() - start) / 1e9);
        err.flush();
        for (SearchMode mode : parsed) {
          results.add(run(store, queries, mode, null));
          if (reranker != null) {
            results.add(run(store, queries, mode, reranker));
          }
        }
      }
    }
    print(results);
    if (json != null) {
      writeJson(modelName, queries.size(), corpus.size(), results);
    }
    return 0;
  }

  private Result run(EmbeddingStore<String> store, List<Query> queries, SearchMode mode, Reranker reranker) {
    double ndcg = 0;
    double recall = 0;
    double mrr = 0;
    long start = System.nanoTime();
    int depth = Math.max(RECALL_AT, Math.max(NDCG_AT, MRR_AT));
    for (Query q : queries) {
      List<SearchHit> hits = store.search(q.text(), depth, retrieval.options(mode, reranker));
      List<String> ranking = new ArrayList<>(hits.size());
      for (SearchHit h : hits) {
        ranking.add(h.id());
      }
      ndcg += RetrievalMetrics.ndcg(ranking, q.judgements(), NDCG_AT);
      recall += RetrievalMetrics.recall(ranking, q.judgements(), RECALL_AT);
      mrr += RetrievalMetrics.reciprocalRank(ranking, q.judgements(), MRR_AT);
    }
    int n = queries.size();
    double ms = (System.nanoTime() - start) / 1e6 / n;
    return new Result(mode.label(), reranker == null ? null : retrieval.rerank, ndcg / n, recall / n, mrr / n, ms);
  }

  private void print(List<Result> results) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-8s %-20s %8s %10s %8s %10s%n", "mode", "rerank", "nDCG@10", "Recall@100", "MRR@10", "ms/query");
    for (Result r : results) {
      out.printf(Locale.ROOT, "%-8s %-20s %8.4f %10.4f %8.4f %10.2f%n", r.mode(),
          r.rerank() == null ? "-" : shorten(r.rerank()), r.ndcg(), r.recall(), r.mrr(), r.msPerQuery());
    }
    out.flush();
  }

  private static String shorten(String s) {
    return s.length() <= 20 ? s : "…" + s.substring(s.length() - 19);
  }

  private void writeJson(String modelName, int queries, int documents, List<Result> results) throws IOException {
    JsonObject root = new JsonObject();
    root.addProperty("model", modelName);
    root.addProperty("queries", queries);
    root.addProperty("documents", documents);
    JsonArray array = new JsonArray();
    for (Result r : results) {
      JsonObject o = new JsonObject();
      o.addProperty("mode", r.mode());
      o.addProperty("rerank", r.rerank());
      o.addProperty("ndcg@10", r.ndcg());
      o.addProperty("recall@100", r.recall());
      o.addProperty("mrr@10", r.mrr());
      array.add(o);
    }
    root.add("results", array);
    String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
    AtomicFiles.write(json, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Document> readCorpus(Path file) throws IOException {
    List<Document> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    JsonLines.forEach(file, (line, o) -> {
      String id = string(o, "_id", file, line, true);
      String title = string(o, "title", file, line, false);
      String text = string(o, "text", file, line, true);
      if (seen.put(id, line) != null) {
        throw new InvalidInputException(file + " line " + line + ": document id '" + id + "' appears again (first"
            + " on line " + seen.get(id) + ")");
      }
      out.add(new Document(id, title == null || title.isBlank() ? text : title + " " + text));
    });
    if (out.isEmpty()) {
      throw new InvalidInputException(file + " holds no documents");
    }
    return out;
  }

  static List<Query> readQueries(Path file, Path qrels) throws IOException {
    Map<String, Map<String, Integer>> judged = readQrels(qrels);
    Map<String, String> texts = new LinkedHashMap<>();
    JsonLines.forEach(file, (line, o) -> texts.put(string(o, "_id", file, line, true), string(o, "text", file, line, true)));
    List<Query> out = new ArrayList<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      Map<String, Integer> j = judged.get(e.getKey());
      if (j != null) { // BEIR evaluates the judged queries only
        out.add(new Query(e.getKey(), e.getValue(), j));
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(qrels + " judges none of the queries in " + file);
    }
    return out;
  }

  static Map<String, Map<String, Integer>> readQrels(Path file) throws IOException {
    TextLines.requireReadable(file);
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 3) {
          throw new InvalidInputException(file + " line " + n + ": expected query-id, corpus-id and score"
              + " separated by tabs");
        }
        int score;
        try {
          score = Integer.parseInt(f[2].trim());
        } catch (NumberFormatException e) {
          if (n == 1) {
            continue; // the header
          }
          throw new InvalidInputException(file + " line " + n + ": score '" + f[2] + "' is not an integer");
        }
        out.computeIfAbsent(f[0].trim(), k -> new HashMap<>()).put(f[1].trim(), score);
      }
    }
    return out;
  }

  private static String string(JsonObject o, String key, Path file, int line, boolean required) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw new InvalidInputException(file + " line " + line + ": no \"" + key + "\"");
      }
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new InvalidInputException(file + " line " + line + ": \"" + key + "\" is not a string or number");
    }
    String s = e.getAsString();
    if (required && key.equals("_id") && s.isBlank()) {
      throw new InvalidInputException(file + " line " + line + ": \"_id\" is blank");
    }
    return s;
  }

  /** An encoder that answers the queries from vectors embedded once in batches. */
  private static final class QueryCache implements Encoder<String> {
    private final Encoder<String> delegate;
    private final Map<String, float[]> cache = new HashMap<>();

    QueryCache(Encoder<String> delegate) {
      this.delegate = delegate;
    }

    void fill(List<String> texts) {
      List<float[]> vectors = delegate.encodeAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        cache.put(texts.get(i), vectors.get(i));
      }
    }

    @Override
    public EmbeddingSpace space() {
      return delegate.space();
    }

    @Override
    public float[] encode(String input) {
      float[] v = cache.get(input);
      return v != null ? v.clone() : delegate.encode(input);
    }

    @Override
    public List<float[]> encodeAll(List<? extends String> inputs) {
      return delegate.encodeAll(inputs);
    }

    @Override
    public List<float[]> encodeAll(List<? extends String> inputs, Progress progress) {
      return delegate.encodeAll(inputs, progress);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
