package io.embedkit.cli;

import io.embedkit.core.Metric;
import io.embedkit.solr.SolrConfigSet;
import io.embedkit.solr.SolrIndexConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the Solr configset a collection for embedkit's vectors needs. */
@Command(name = "solr-configset", mixinStandardHelpOptions = true,
    description = "Write the Solr configset (schema + solrconfig) for a collection of embedkit vectors.")
final class SolrConfigSetCommand implements Callable<Integer> {
  @Option(names = "--dimension", required = true, description = "Vector dimension, e.g. 384 for MiniLM.")
  int dimension;

  @Option(names = "--metric", defaultValue = "cosine", paramLabel = "cosine|dot|l2",
      description = "Metric (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--m", defaultValue = "16", description = "HNSW links per node (default: ${DEFAULT-VALUE}).")
  int m;

  @Option(names = "--ef-construction", defaultValue = "200",
      description = "HNSW candidates while building (default: ${DEFAULT-VALUE}).")
  int efConstruction;

  @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "The folder to write.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SolrIndexConfig config = new SolrIndexConfig(List.of("http://localhost:8983/solr"), "configset", dimension,
        Metric.parse(metric), m, efConstruction);
    SolrConfigSet.write(out, config);
    spec.commandLine().getErr().printf("configset for %d-dimensional %s vectors -> %s (upload it with bin/solr zk"
        + " upconfig)%n", dimension, config.metric(), out);
    return 0;
  }
}
