package io.embedkit.keyword;

import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.AtomicFiles;
import io.embedkit.core.Checks;
import io.embedkit.core.Filter;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.Metadata;
import io.embedkit.core.SearchHit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.BytesRef;

/**
 * A {@link KeywordIndex} on Lucene: BM25 over items' text (k1 1.2, b 0.75), the text analysed for English
 * (Lucene's {@link EnglishAnalyzer}: standard tokens, lower case, English stop words removed, Porter stems) or
 * with the {@linkplain Analysis#STANDARD standard analyzer} alone. Filters are {@link Filter}s, evaluated on
 * each matching item's typed metadata exactly as vector indexes evaluate them, before the best {@code k} are
 * chosen.
 *
 * <pre>{@code
 * try (LuceneKeywordIndex keywords = LuceneKeywordIndex.create()) {
 *   keywords.add("1", "Aspirin reduces the risk of a heart attack", Map.of("lang", "en"));
 *   List<SearchHit> hits = keywords.search("heart attacks", 10, Filter.eq("lang", "en"));
 *   keywords.save(Path.of("keyword"));
 * }
 * }</pre>
 *
 * <p>The index lives on the heap (Lucene's {@link ByteBuffersDirectory}); {@link #save} copies one commit of it
 * into a folder, and {@link #load} reads such a folder back. Thread-safe: writes are serialised, searches run
 * concurrently and see every write that has returned.
 */
public final class LuceneKeywordIndex implements KeywordIndex {
  /** How the text is split into the terms that BM25 matches. */
  public enum Analysis {
    /** Lucene's English analyzer: standard tokens, lower case, English stop words removed, Porter stems. */
    ENGLISH,
    /** Lucene's standard analyzer: Unicode word tokens in lower case, nothing removed or stemmed. */
    STANDARD;

    Analyzer analyzer() {
      return this == ENGLISH ? new EnglishAnalyzer() : new StandardAnalyzer();
    }
  }

  static final String ID = "id";
  static final String TEXT = "text";
  private static final String META = "m:";
  private static final String FORMAT_KEY = "embedkit";
  private static final String FORMAT = "keyword 1";
  private static final String ANALYSIS_KEY = "analysis";

  private final Analysis analysis;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Map<String, Map<String, Object>> metadata;
  private final AtomicLong changes = new AtomicLong();
  private volatile long visible;
  private final Object writes = new Object();
  private volatile boolean closed;

  private LuceneKeywordIndex(Analysis analysis, Directory directory, Map<String, Map<String, Object>> metadata)
      throws IOException {
    this.analysis = analysis;
    this.analyzer = analysis.analyzer();
    this.directory = directory;
    IndexWriterConfig config = new IndexWriterConfig(analyzer)
        .setSimilarity(new BM25Similarity())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
    this.metadata = metadata;
  }

  /**
   * Returns an empty index with English analysis.
   *
   * @return the index
   */
  public static LuceneKeywordIndex create() {
    return create(Analysis.ENGLISH);
  }

  /**
   * Returns an empty index.
   *
   * @param analysis how text is split into terms
   * @return the index
   */
  public static LuceneKeywordIndex create(Analysis analysis) {
    try {
      return new LuceneKeywordIndex(analysis, new ByteBuffersDirectory(), new ConcurrentHashMap<>());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an empty heap directory does not fail
    }
  }

  /**
   * Opens a folder written by {@link #save}.
   *
   * @param folder the folder
   * @return the index
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the folder is not a keyword index or is damaged
   */
  public static LuceneKeywordIndex load(Path folder) throws IOException {
    return read(folder).orElseThrow(() -> new IndexCorruptedException(folder, "is not an embedkit keyword index"));
  }

  /** Reads a folder, or returns empty when it holds no commit of ours. */
  static Optional<LuceneKeywordIndex> read(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new java.nio.file.NoSuchFileException(folder.toString(), null, "keyword index folder does not exist");
    }
    ByteBuffersDirectory memory = new ByteBuffersDirectory();
    try (FSDirectory disk = FSDirectory.open(folder)) {
      SegmentInfos infos;
      try {
        infos = SegmentInfos.readLatestCommit(disk);
      } catch (org.apache.lucene.index.IndexNotFoundException e) {
        return Optional.empty();
      }
      Map<String, String> user = infos.getUserData();
      if (!FORMAT.equals(user.get(FORMAT_KEY))) {
        return Optional.empty();
      }
      Analysis analysis;
      try {
        analysis = Analysis.valueOf(user.get(ANALYSIS_KEY));
      } catch (RuntimeException e) {
        throw new IndexCorruptedException(folder, "names an unknown analysis '" + user.get(ANALYSIS_KEY) + "'");
      }
      for (String file : infos.files(true)) {
        memory.copyFrom(disk, file, file, IOContext.DEFAULT);
      }
      Map<String, Map<String, Object>> metadata = new ConcurrentHashMap<>();
      LuceneKeywordIndex index = new LuceneKeywordIndex(analysis, memory, metadata);
      try {
        index.readMetadata();
      } catch (IOException | RuntimeException e) {
        index.close();
        throw e;
      }
      return Optional.of(index);
    } catch (org.apache.lucene.index.CorruptIndexException | java.io.EOFException
        | org.apache.lucene.index.IndexFormatTooNewException | org.apache.lucene.index.IndexFormatTooOldException e) {
      throw new IndexCorruptedException(folder, "is damaged: " + e.getMessage(), e);
    }
  }

  private void readMetadata() throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
        StoredFields stored = leaf.reader().storedFields();
        var live = leaf.reader().getLiveDocs();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live == null || live.get(doc)) {
            Document d = stored.document(doc);
            metadata.put(d.get(ID), decode(d));
          }
        }
      }
    } finally {
      searchers.release(s);
    }
  }

  /**
   * Returns how the index analyses text.
   *
   * @return the analysis
   */
  public Analysis analysis() {
    return analysis;
  }

  @Override
  public void add(String id, String text, Map<String, ?> meta) {
    Checks.id(id);
    if (text == null) {
      throw new InvalidInputException("text of id '" + id + "' must not be null");
    }
    Map<String, Object> checked = Metadata.of(id, meta == null ? Map.of() : meta);
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.YES));
    doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
    doc.add(new TextField(TEXT, text, Field.Store.YES));
    for (Map.Entry<String, Object> e : checked.entrySet()) {
      doc.add(encode(e.getKey(), e.getValue()));
    }
    synchronized (writes) {
      open();
      try {
        writer.updateDocument(new Term(ID, id), doc);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // the heap directory does not fail
      }
      metadata.put(id, checked);
      changes.incrementAndGet();
    }
  }

  @Override
  public boolean remove(String id) {
    Checks.id(id);
    synchronized (writes) {
      open();
      if (metadata.remove(id) == null) {
        return false;
      }
      try {
        writer.deleteDocuments(new Term(ID, id));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      changes.incrementAndGet();
      return true;
    }
  }

  @Override
  public boolean contains(String id) {
    open();
    return metadata.containsKey(Checks.id(id));
  }

  @Override
  public Optional<Map<String, Object>> metadata(String id) {
    open();
    return Optional.ofNullable(metadata.get(Checks.id(id)));
  }

  @Override
  public Optional<String> text(String id) {
    Checks.id(id);
    open();
    if (!metadata.containsKey(id)) {
      return Optional.empty();
    }
    return withSearcher(s -> {
      TopDocs top = s.search(new TermQuery(new Term(ID, id)), 1);
      return top.scoreDocs.length == 0 ? Optional.empty()
          : Optional.ofNullable(s.storedFields().document(top.scoreDocs[0].doc, Set.of(TEXT)).get(TEXT));
    });
  }

  @Override
  public List<SearchHit> search(String query, int k, Filter filter) {
    return search(query, k, filter, true);
  }

  @Override
  public List<SearchHit> search(String query, int k, Filter filter, boolean withText) {
    Checks.k(k);
    if (query == null) {
      throw new InvalidInputException("query must not be null");
    }
    open();
    Query words = parse(query);
    if (words == null) {
      return List.of();
    }
    Query q = filter == null ? words : new BooleanQuery.Builder()
        .add(words, BooleanClause.Occur.MUST)
        .add(new MetadataFilterQuery(filter, metadata), BooleanClause.Occur.FILTER)
        .build();
    return withSearcher(s -> {
      TopDocs top = s.search(q, Math.min(k, Math.max(1, s.getIndexReader().maxDoc())));
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      StoredFields stored = withText ? s.storedFields() : null;
      List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        // the id from doc values: reading stored fields costs a block decompression per hit
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID);
        if (!ids.advanceExact(sd.doc - leaf.docBase)) {
          throw new IllegalStateException("document " + sd.doc + " has no id");
        }
        String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
        Map<String, Object> meta = metadata.get(id);
        String text = null;
        if (stored != null) {
          Document d = stored.document(sd.doc, Set.of(TEXT));
          text = d.get(TEXT);
        }
        hits.add(new SearchHit(id, sd.score, -sd.score, meta == null ? Map.of() : meta, text));
      }
      return hits;
    });
  }

  /** Work on a searcher that sees every write that has returned. */
  @FunctionalInterface
  private interface SearcherWork<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  /** Refreshes if writes happened, runs the work on an acquired searcher and releases it; maps Lucene's errors. */
  private <T> T withSearcher(SearcherWork<T> work) {
    try {
      refresh();
      IndexSearcher s = searchers.acquire();
      try {
        return work.run(s);
      } finally {
        searchers.release(s);
      }
    } catch (org.apache.lucene.store.AlreadyClosedException e) {
      throw new AlreadyClosedException("the keyword index is closed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any of the query's distinct analysed terms may match; none is required. */
  private Query parse(String query) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, query)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string reader does not fail
    }
    if (terms.isEmpty()) {
      return null;
    }
    int max = IndexSearcher.getMaxClauseCount();
    if (terms.size() > max) {
      throw new InvalidInputException("the query has " + terms.size() + " distinct terms; keyword search takes"
          + " at most " + max);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  private void refresh() throws IOException {
    long now = changes.get();
    if (visible != now) {
      searchers.maybeRefreshBlocking();
      visible = now;
    }
  }

  @Override
  public int size() {
    open();
    return metadata.size();
  }

  @Override
  public void save(Path folder) throws IOException {
    synchronized (writes) {
      open();
      writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT, ANALYSIS_KEY, analysis.name()).entrySet());
      writer.commit();
      SegmentInfos infos = SegmentInfos.readLatestCommit(directory);
      Files.createDirectories(folder);
      try (FSDirectory disk = FSDirectory.open(folder)) {
        if (disk.listAll().length > 0) {
          throw new InvalidInputException("keyword index folder " + folder + " is not empty");
        }
        List<String> files = new ArrayList<>(infos.files(true));
        for (String file : files) {
          disk.copyFrom(directory, file, file, IOContext.DEFAULT);
        }
        disk.sync(files);
        disk.syncMetaData();
      }
      AtomicFiles.forceDirectory(folder);
    }
  }

  @Override
  public void close() {
    synchronized (writes) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        searchers.close();
        writer.rollback(); // nothing to keep: saves copy commits out
        directory.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void open() {
    if (closed) {
      throw new AlreadyClosedException("the keyword index is closed");
    }
  }

  private static IndexableField encode(String key, Object value) {
    if (value instanceof String s) {
      return new StoredField(META + "s:" + key, s);
    } else if (value instanceof Long l) {
      return new StoredField(META + "l:" + key, l);
    } else if (value instanceof Double d) {
      return new StoredField(META + "d:" + key, d);
    } else {
      return new StoredField(META + "b:" + key, value.toString());
    }
  }

  private static Map<String, Object> decode(Document d) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (IndexableField f : d.getFields()) {
      String name = f.name();
      if (!name.startsWith(META) || name.length() < META.length() + 2) {
        continue;
      }
      String key = name.substring(META.length() + 2);
      switch (name.charAt(META.length())) {
        case 's' -> out.put(key, f.stringValue());
        case 'l' -> out.put(key, f.numericValue().longValue());
        case 'd' -> out.put(key, f.numericValue().doubleValue());
        case 'b' -> out.put(key, Boolean.parseBoolean(f.stringValue()));
        default -> { }
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
