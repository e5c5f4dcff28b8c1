package io.embedkit.cli;

import io.embedkit.core.IndexLoader;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.KeywordIndex;
import io.embedkit.core.Metric;
import io.embedkit.core.StoreFolder;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.flat.FlatIndex;
import io.embedkit.index.hnsw.HnswConfig;
import io.embedkit.index.hnsw.HnswIndex;
import io.embedkit.index.hnsw.HnswQuantization;
import io.embedkit.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Index commands. */
@Command(name = "index", mixinStandardHelpOptions = true, description = "Build vector indexes.",
    subcommands = IndexCommand.Build.class)
final class IndexCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build");
  }

  /** Builds an index file from a vector file. */
  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build an index from .fvecs or .jsonl vectors.")
  static final class Build implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "VECTORS", description = "Vectors: .fvecs or .jsonl.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "INDEX",
        description = "The index file to write, or a remote index such as solr://host:port/collection to add the"
            + " vectors to (a collection made from embedkit's Solr configset; --metric, --type, --m and"
            + " --ef-construction are its own).")
    String out;

    @Option(names = "--metric", defaultValue = "cosine", paramLabel = "cosine|dot|l2",
        description = "Metric (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--type", defaultValue = "hnsw", paramLabel = "hnsw|flat",
        description = "Index type: hnsw (approximate, fast) or flat (exact) (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--m", defaultValue = "16", description = "HNSW links per node (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--ef-construction", defaultValue = "200",
        description = "HNSW candidate list size while building (default: ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--threads", defaultValue = "1", description = "Threads building the index (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quantization", defaultValue = "none", paramLabel = "none|int8|binary",
        description = "HNSW: how the graph holds its vectors; int8 keeps a byte per component on the heap, binary"
            + " a bit, and the floats in a memory-mapped file for rescoring (default: ${DEFAULT-VALUE}).")
    String quantization;

    @Option(names = "--oversample", defaultValue = "0",
        description = "HNSW with quantization: candidates rescored per hit (default: the mode's, 3 for int8,"
            + " 10 for binary).")
    int oversample;

    @Option(names = "--keyword",
        description = "Also build a keyword (BM25) index of the items' text, for search --mode keyword|hybrid:"
            + " --out is then a folder holding both indexes, replaced as a pair.")
    boolean keyword;

    @Option(names = "--on-duplicate", defaultValue = "error", paramLabel = "error|first|last",
        description = "An id on two .jsonl lines: refuse the file (default), or keep the first or the last line.")
    String onDuplicate;

    @Option(names = "--allow-space-mismatch",
        description = "Accept vectors of different models (embedding spaces) in one index, on purpose; the first"
            + " line's space is recorded.")
    boolean allowSpaceMismatch;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Metric parsed = Metric.parse(metric);
      boolean hnsw = type.equalsIgnoreCase("hnsw");
      if (!hnsw && !type.equalsIgnoreCase("flat")) {
        throw new InvalidInputException("unknown index type '" + type + "': expected hnsw or flat");
      }
      HnswQuantization quantizationMode = HnswQuantization.parse(quantization);
      if (!hnsw && quantizationMode != HnswQuantization.NONE) {
        throw new InvalidInputException("--quantization " + quantization + " is for --type hnsw; the flat index"
            + " holds floats");
      }
      if (oversample < 0 || oversample > 100) {
        throw new InvalidInputException("--oversample must be 1 to 100, was " + oversample);
      }
      TextLines.requireReadable(in);
      if (!out.contains("://") && Files.exists(Path.of(out)) && Files.isSameFile(in, Path.of(out))) {
        throw new InvalidInputException("--out " + out + " is the --in file: writing the index would replace the"
            + " vectors; choose another output file");
      }
      VectorFiles.OnDuplicate duplicates;
      try {
        duplicates = VectorFiles.OnDuplicate.valueOf(onDuplicate.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("unknown --on-duplicate '" + onDuplicate + "': expected error, first or last");
      }
      VectorFiles.Labeled data = VectorFiles.read(in, allowSpaceMismatch, duplicates);
      if (data.vectors().isEmpty()) {
        throw new InvalidInputException(in + " holds no vectors");
      }
      int dim = data.vectors().get(0).length;
      long start = System.nanoTime();
      if (out.contains("://")) {
        return toRemote(data, start);
      }
      VectorIndex index;
      int n = data.ids().size();
      try (ProgressBars bar = ProgressBars.start("index", n, "vectors")) {
        if (hnsw) {
          HnswIndex h = HnswIndex.create(HnswConfig.of(dim, parsed).withGraph(m, efConstruction)
              .withQuantization(quantizationMode).withOversample(oversample));
          h.addAll(data.ids(), data.vectors(), data.fields(), threads, bar);
          index = h;
        } else {
          FlatIndex f = FlatIndex.create(dim, parsed);
          for (int i = 0; i < n; i++) {
            f.add(data.ids().get(i), data.vectors().get(i), data.fields().get(i));
          }
          index = f;
        }
      }
      if (data.space() != null) {
        index.bindSpace(data.space());
      }
      if (keyword) {
        try (KeywordIndex keywords = LuceneKeywordIndex.create()) {
          int texts = 0;
          for (int i = 0; i < n; i++) {
            Object text = data.fields().get(i).get("text");
            if (text instanceof String s) {
              keywords.add(data.ids().get(i), s, data.fields().get(i));
              texts++;
            }
          }
          if (texts == 0) {
            throw new InvalidInputException(in + " has no \"text\" fields to index by keyword");
          }
          StoreFolder.save(Path.of(out), index, keywords);
        }
      } else {
        index.save(Path.of(out));
      }
      spec.commandLine().getErr().printf("indexed %d vectors (%d dimensions, %s, %s) in %.2f s -> %s%n",
          index.size(), dim, parsed, hnsw ? "hnsw m=" + m + " efConstruction=" + efConstruction
              + (quantizationMode == HnswQuantization.NONE ? ""
              : " " + quantizationMode.name().toLowerCase(java.util.Locale.ROOT)) : "flat",
          (System.nanoTime() - start) / 1e9, out);
      return 0;
    }

    /** Adds the vectors to a remote index (e.g. solr://host:port/collection), which keeps its own settings. */
    private int toRemote(VectorFiles.Labeled data, long start) throws IOException {
      int n = data.ids().size();
      try (VectorIndex remote = IndexLoader.openAny(out);
          ProgressBars bar = ProgressBars.start("index", n, "vectors")) {
        if (data.space() != null && (!allowSpaceMismatch
            || remote.space().map(s -> s.isCompatibleWith(data.space())).orElse(true))) {
          remote.bindSpace(data.space());
        }
        for (int i = 0; i < n; i++) {
          remote.add(data.ids().get(i), data.vectors().get(i), data.fields().get(i));
          if (i % 1000 == 999) {
            bar.update(i + 1, n);
          }
        }
        int size = remote.size(); // sends what is buffered and makes it searchable
        spec.commandLine().getErr().printf("added %d vectors to %s (%d in the collection, %s) in %.2f s%n", n, out,
            size, remote.metric(), (System.nanoTime() - start) / 1e9);
      }
      return 0;
    }
  }
}
