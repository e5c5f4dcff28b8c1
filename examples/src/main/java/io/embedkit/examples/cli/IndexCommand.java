package io.embedkit.examples.cli;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.index.flat.FlatIndex;
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

    @Option(names = "--out", required = true, paramLabel = "INDEX", description = "The index file to write.")
    Path out;

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

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Metric parsed = Metric.parse(metric);
      if (type.equalsIgnoreCase("hnsw")) {
        throw new NotAvailableException("index build --type hnsw",
            "the HNSW index is not built yet; --type flat builds an exact index");
      }
      if (!type.equalsIgnoreCase("flat")) {
        throw new InvalidInputException("unknown index type '" + type + "': expected hnsw or flat");
      }
      if (!Files.isRegularFile(in)) {
        throw new InvalidInputException("vector file " + in + " does not exist");
      }
      VectorFiles.Labeled data = VectorFiles.read(in);
      if (data.vectors().isEmpty()) {
        throw new InvalidInputException(in + " holds no vectors");
      }
      long start = System.nanoTime();
      FlatIndex index = FlatIndex.create(data.vectors().get(0).length, parsed);
      for (int i = 0; i < data.ids().size(); i++) {
        index.add(data.ids().get(i), data.vectors().get(i), data.fields().get(i));
      }
      index.save(out);
      spec.commandLine().getErr().printf("indexed %d vectors (%d dimensions, %s, flat) in %.2f s -> %s%n",
          index.size(), index.dimension(), parsed, (System.nanoTime() - start) / 1e9, out);
      return 0;
    }
  }
}
