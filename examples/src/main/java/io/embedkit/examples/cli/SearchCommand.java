package io.embedkit.examples.cli;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.image.ImageEncoder;
import io.embedkit.index.Indexes;
import io.embedkit.text.TextEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Searches a saved index with a query embedded by a model. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search a saved index.")
final class SearchCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "INDEX",
      description = "The index file, or solr://host:port/collection.")
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

  @CommandLine.Mixin TextModelOptions model;

  @Option(names = "--k", defaultValue = "10", description = "How many hits (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--preprocess", paramLabel = "resnet|clip",
      description = "Image preprocessing preset instead of the folder's preprocessor_config.json.")
  String preprocess;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private void checkDimension(VectorIndex idx, EmbeddingSpace space) {
    idx.space().ifPresent(s -> {
      if (!s.isCompatibleWith(space)) {
        throw new io.embedkit.core.InvalidInputException("index " + index + " holds vectors of space " + s
            + ", but --model " + model.model + " produces space " + space + ": search with the model that built it");
      }
    });
    if (idx.dimension() != space.dimension()) {
      throw new io.embedkit.core.DimensionMismatchException("model " + model.model + " (space " + space.name()
          + ") for index " + index, idx.dimension(), space.dimension());
    }
  }

  /** An index file, or a SolrCloud collection for {@code solr://host:port/collection}. */
  static VectorIndex open(String location) throws IOException {
    return location.startsWith("solr://") ? io.embedkit.solr.SolrVectorIndex.connect(location)
        : Indexes.load(Path.of(location));
  }

  @Override
  public Integer call() throws IOException {
    try (VectorIndex idx = open(index)) {
      float[] q;
      if (query.audio != null) {
        try (AudioEncoder encoder = Models.audio(model)) {
          checkDimension(idx, encoder.space());
          q = encoder.encode(query.audio);
        }
      } else if (query.image != null) {
        try (ImageEncoder encoder = Models.images(model, preprocess)) {
          checkDimension(idx, encoder.space());
          q = encoder.encode(query.image);
        }
      } else {
        try (TextEncoder encoder = Models.texts(model)) {
          checkDimension(idx, encoder.space());
          q = encoder.encode(query.text);
        }
      }
      List<SearchHit> hits = idx.search(q, k);
      PrintWriter out = spec.commandLine().getOut();
      int rank = 1;
      for (SearchHit h : hits) {
        String text = h.metadata().getOrDefault("text", h.metadata().get("path"));
        out.printf("%d\t%.6f\t%s%s%n", rank++, h.score(), h.id(), text == null ? "" : "\t" + text);
      }
      out.flush();
    }
    return 0;
  }
}
