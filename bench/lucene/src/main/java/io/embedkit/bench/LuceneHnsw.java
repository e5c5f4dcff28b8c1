package io.embedkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's HNSW graph (lucene-core 9.12) built single-threaded over a dataset's base vectors, then searched
 * with each efSearch as Lucene's candidate count, keeping the top k. Prints one JSON line like
 * bench/ann_python.py. Arguments: DATASET_DIR M EF_CONSTRUCTION K EF1,EF2,...
 */
public final class LuceneHnsw {
  private static final int REPEATS = Integer.parseInt(System.getenv().getOrDefault("REPEATS", "5"));
  private LuceneHnsw() {}

  static List<float[]> fvecs(Path p) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    List<float[]> out = new ArrayList<>();
    while (b.remaining() > 0) {
      float[] v = new float[b.getInt()];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat();
      }
      out.add(v);
    }
    return out;
  }

  static void normalize(List<float[]> vs) {
    for (float[] v : vs) {
      double n = 0;
      for (float f : v) {
        n += f * f;
      }
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int m = Integer.parseInt(args[1]);
    int efc = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    String metric = Files.readString(dir.resolve("metric")).trim();
    List<float[]> base = fvecs(dir.resolve("base.fvecs"));
    List<float[]> query = fvecs(dir.resolve("query.fvecs"));
    List<float[]> truthRows = fvecs(dir.resolve("truth.ivecs"));
    if (!metric.equals("l2")) {
      normalize(base); // Lucene's advice for cosine: unit vectors and DOT_PRODUCT
      normalize(query);
    }
    VectorSimilarityFunction sim = metric.equals("l2") ? VectorSimilarityFunction.EUCLIDEAN
        : VectorSimilarityFunction.DOT_PRODUCT;
    int dim = base.get(0).length;
    RandomAccessVectorValues.Floats values = RandomAccessVectorValues.fromFloats(base, dim);
    RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(sim, values);
    long t0 = System.nanoTime();
    OnHeapHnswGraph graph = HnswGraphBuilder.create(supplier, m, efc, 42).build(values.size());
    double build = (System.nanoTime() - t0) / 1e9;
    String[] efs = args[4].split(",");
    search(values, sim, graph, query, Integer.parseInt(efs[0]), k); // warm-up
    String rows = rows(efs, k, query.size(), truthRows, ef -> search(values, sim, graph, query, ef, k));
    System.out.printf(java.util.Locale.ROOT, "{\"impl\": \"lucene 9.12.0\", \"buildSeconds\": %.3f, \"rows\": [%s]}%n",
        build, rows);
  }

  /** Searches all queries with one efSearch; returns the ids found per query. */
  interface Searches {
    List<int[]> run(int ef) throws Exception;
  }

  /**
   * Times each efSearch (the fastest of REPEATS passes, as the other implementations report) and measures
   * recall@k against the truth rows; returns the JSON rows.
   */
  static String rows(String[] efs, int k, int queries, List<float[]> truthRows, Searches searches) throws Exception {
    StringBuilder rows = new StringBuilder();
    for (String e : efs) {
      int ef = Integer.parseInt(e);
      List<int[]> found = null;
      double secs = Double.MAX_VALUE;
      for (int r = 0; r < REPEATS; r++) {
        long q0 = System.nanoTime();
        found = searches.run(ef);
        secs = Math.min(secs, (System.nanoTime() - q0) / 1e9);
      }
      double recall = 0;
      for (int q = 0; q < queries; q++) {
        Set<Integer> want = new HashSet<>();
        for (int i = 0; i < k; i++) {
          want.add(Float.floatToRawIntBits(truthRows.get(q)[i]));
        }
        int hit = 0;
        for (int id : found.get(q)) {
          hit += want.contains(id) ? 1 : 0;
        }
        recall += hit / (double) k;
      }
      rows.append(rows.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
          "{\"efSearch\": %d, \"recall\": %.6f, \"qps\": %.1f}", ef, recall / queries, queries / secs));
    }
    return rows.toString();
  }

  static List<int[]> search(RandomAccessVectorValues.Floats values, VectorSimilarityFunction sim,
      OnHeapHnswGraph graph, List<float[]> queries, int ef, int k) throws IOException {
    List<int[]> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      TopDocs td = HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(sim, values, q),
          Math.max(ef, k), graph, null, Integer.MAX_VALUE).topDocs();
      ScoreDoc[] docs = td.scoreDocs;
      int[] ids = new int[Math.min(k, docs.length)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = docs[i].doc;
      }
      out.add(ids);
    }
    return out;
  }
}
