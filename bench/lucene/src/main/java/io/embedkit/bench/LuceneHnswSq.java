package io.embedkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.MMapDirectory;

/**
 * Lucene 9.12's scalar-quantized HNSW format ({@code Lucene99HnswScalarQuantizedVectorsFormat}, int7 codes in
 * the graph, as Lucene ships it) through a real index: one segment written single-threaded, then each
 * efSearch as the query's candidate count, keeping the top k. Prints one JSON line like bench/ann_python.py,
 * with the index's bytes on disk per vector. Arguments: DATASET_DIR M EF_CONSTRUCTION K EF1,EF2,...
 */
public final class LuceneHnswSq {

  private LuceneHnswSq() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int m = Integer.parseInt(args[1]);
    int efc = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    String metric = Files.readString(dir.resolve("metric")).trim();
    List<float[]> base = LuceneHnsw.fvecs(dir.resolve("base.fvecs"));
    List<float[]> query = LuceneHnsw.fvecs(dir.resolve("query.fvecs"));
    List<float[]> truthRows = LuceneHnsw.fvecs(dir.resolve("truth.ivecs"));
    VectorSimilarityFunction sim = VectorSimilarityFunction.EUCLIDEAN;
    if (!metric.equals("l2")) {
      LuceneHnsw.normalize(base);
      LuceneHnsw.normalize(query);
      sim = VectorSimilarityFunction.DOT_PRODUCT;
    }
    Path indexDir = Files.createTempDirectory("lucene-sq");
    KnnVectorsFormat format = new Lucene99HnswScalarQuantizedVectorsFormat(m, efc);
    IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    }).setRAMBufferSizeMB(16_000).setMaxBufferedDocs(Integer.MAX_VALUE - 1).setUseCompoundFile(false);
    long t0 = System.nanoTime();
    try (MMapDirectory d = new MMapDirectory(indexDir); IndexWriter w = new IndexWriter(d, config)) {
      for (float[] v : base) { // one segment: documents are numbered in insertion order
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
    String rows;
    try (MMapDirectory d = new MMapDirectory(indexDir); DirectoryReader reader = DirectoryReader.open(d)) {
      if (reader.leaves().size() != 1) {
        throw new IllegalStateException(reader.leaves().size() + " segments; expected one");
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      String[] efs = args[4].split(",");
      search(searcher, query, Integer.parseInt(efs[0]), k); // warm-up
      rows = LuceneHnsw.rows(efs, k, query.size(), truthRows, ef -> search(searcher, query, ef, k));
    } finally {
      try (Stream<Path> files = Files.list(indexDir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(indexDir);
    }
    System.out.printf(java.util.Locale.ROOT, "{\"impl\": \"lucene 9.12.0 int7\", \"buildSeconds\": %.3f,"
        + " \"diskBytesPerVector\": %.1f, \"rows\": [%s]}%n", build, bytes / (double) base.size(), rows);
  }

  static List<int[]> search(IndexSearcher searcher, List<float[]> queries, int ef, int k) throws Exception {
    List<int[]> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery("v", q, ef), ef).scoreDocs;
      int[] ids = new int[Math.min(k, hits.length)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = hits[i].doc;
      }
      out.add(ids);
    }
    return out;
  }
}
