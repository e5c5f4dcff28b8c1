package io.embedkit.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene101.Lucene101Codec;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.MMapDirectory;

/**
 * Lucene 10.2's binary-quantized HNSW ({@code Lucene102HnswBinaryQuantizedVectorsFormat}, 1-bit codes in the
 * graph) through a real one-segment index, written single-threaded; each efSearch is the query's candidate
 * count and, as embedkit's quantized search does, the best {@code 3k} candidates are rescored with the stored
 * floats. Prints one JSON line like bench/ann_python.py. Arguments: DATASET_DIR M EF_CONSTRUCTION K EF1,EF2,...
 */
public final class LuceneBbq {
  private static final int REPEATS = Integer.parseInt(System.getenv().getOrDefault("REPEATS", "5"));

  private LuceneBbq() {}

  static List<float[]> fvecs(Path p, boolean normalize) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    List<float[]> out = new ArrayList<>();
    while (b.remaining() > 0) {
      float[] v = new float[b.getInt()];
      double n = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat();
        n += v[i] * v[i];
      }
      if (normalize) {
        for (int i = 0; i < v.length; i++) {
          v[i] /= (float) Math.sqrt(n);
        }
      }
      out.add(v);
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int m = Integer.parseInt(args[1]);
    int efc = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    boolean l2 = Files.readString(dir.resolve("metric")).trim().equals("l2");
    List<float[]> base = fvecs(dir.resolve("base.fvecs"), !l2);
    List<float[]> query = fvecs(dir.resolve("query.fvecs"), !l2);
    List<float[]> truthRows = fvecs(dir.resolve("truth.ivecs"), false);
    VectorSimilarityFunction sim = l2 ? VectorSimilarityFunction.EUCLIDEAN : VectorSimilarityFunction.DOT_PRODUCT;
    Path indexDir = Files.createTempDirectory("lucene-bbq");
    KnnVectorsFormat format = new Lucene102HnswBinaryQuantizedVectorsFormat(m, efc);
    IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene101Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    }).setRAMBufferSizeMB(16_000).setMaxBufferedDocs(Integer.MAX_VALUE - 1).setUseCompoundFile(false);
    long t0 = System.nanoTime();
    try (MMapDirectory d = new MMapDirectory(indexDir); IndexWriter w = new IndexWriter(d, config)) {
      for (float[] v : base) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField("v", v, sim));
        w.addDocument(doc);
      }
      w.commit();
    }
    double build = (System.nanoTime() - t0) / 1e9;
    long bytes;
    try (Stream<Path> files = Files.list(indexDir)) {
      bytes = files.mapToLong(p -> p.toFile().length()).sum();
    }
    StringBuilder rows = new StringBuilder();
    try (MMapDirectory d = new MMapDirectory(indexDir); DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      FloatVectorValues floats = reader.leaves().get(0).reader().getFloatVectorValues("v");
      String[] efs = args[4].split(",");
      search(searcher, floats, sim, query, Integer.parseInt(efs[0]), k);
      for (String e : efs) {
        int ef = Integer.parseInt(e);
        List<int[]> found = null;
        double secs = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
          long q0 = System.nanoTime();
          found = search(searcher, floats, sim, query, ef, k);
          secs = Math.min(secs, (System.nanoTime() - q0) / 1e9);
        }
        double recall = 0;
        for (int q = 0; q < query.size(); q++) {
          Set<Integer> want = new HashSet<>();
          for (int i = 0; i < k; i++) {
            want.add(Float.floatToRawIntBits(truthRows.get(q)[i]));
          }
          for (int id : found.get(q)) {
            recall += want.contains(id) ? 1.0 / k : 0;
          }
        }
        rows.append(rows.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
            "{\"efSearch\": %d, \"recall\": %.6f, \"qps\": %.1f}", ef, recall / query.size(), query.size() / secs));
      }
    } finally {
      try (Stream<Path> files = Files.list(indexDir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(indexDir);
    }
    System.out.printf(java.util.Locale.ROOT, "{\"impl\": \"lucene 10.2.2 bbq (JDK %s)\", \"buildSeconds\": %.3f,"
        + " \"diskBytesPerVector\": %.1f, \"rows\": [%s]}%n", Runtime.version().feature(), build,
        bytes / (double) base.size(), rows);
  }

  static List<int[]> search(IndexSearcher searcher, FloatVectorValues floats, VectorSimilarityFunction sim,
      List<float[]> queries, int ef, int k) throws Exception {
    List<int[]> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery("v", q, ef), ef).scoreDocs;
      int n = Math.min(hits.length, 3 * k);
      long[] rescored = new long[n]; // exact score bits (scores are positive) above, the doc below
      for (int i = 0; i < n; i++) {
        float s = sim.compare(q, floats.vectorValue(hits[i].doc)); // one segment, dense: ord == doc
        rescored[i] = ((long) Float.floatToIntBits(s) << 32) | hits[i].doc;
      }
      Arrays.sort(rescored);
      int[] ids = new int[Math.min(k, n)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (int) rescored[n - 1 - i];
      }
      out.add(ids);
    }
    return out;
  }
}
