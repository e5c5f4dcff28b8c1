package io.embedkit.cli;

import io.embedkit.core.InvalidInputException;
import io.embedkit.examples.AudioSearchExample;
import io.embedkit.examples.ClipSearchExample;
import io.embedkit.examples.ClusteringExample;
import io.embedkit.examples.DocumentSearchExample;
import io.embedkit.examples.ImageSearchExample;
import io.embedkit.examples.KnnClassificationExample;
import io.embedkit.examples.SimilarityExample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs one of the examples of {@code io.embedkit.examples}. */
@Command(name = "example", mixinStandardHelpOptions = true, description = {
    "Run an example (source: examples/src/main/java/io/embedkit/examples):",
    "  similarity                           sentence similarity, the sentence-transformers example",
    "  documents [QUERY] [DOCS.txt]         document search with a saved and reopened store",
    "  images MODEL IMAGES QUERY_IMAGE      image search over a folder",
    "  audio MODEL CLIPS QUERY_CLIP         audio search over a folder of clips",
    "  clip CLIP_MODEL IMAGES QUERY...      text-to-image search with CLIP",
    "  clustering [PLOT.png|svg]            k-means on twelve sentences, with a plot",
    "  knn                                  k-nearest-neighbour topic classification"})
final class ExampleCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The example.")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Its arguments.")
  List<String> args = new ArrayList<>();

  @CommandLine.Mixin OnErrorOption onError;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    switch (name) {
      case "similarity":
        SimilarityExample.run(out);
        break;
      case "documents":
        DocumentSearchExample.runInTempFolder(args.size() > 1 ? Path.of(args.get(1)) : null,
            args.isEmpty() ? "AI in medicine" : args.get(0), 3, out);
        break;
      case "images":
        need(3, "MODEL IMAGES QUERY_IMAGE");
        ImageSearchExample.run(Path.of(args.get(0)), Path.of(args.get(1)), Path.of(args.get(2)), 5, out,
            onError.skipped(err));
        break;
      case "audio":
        need(3, "MODEL CLIPS QUERY_CLIP");
        AudioSearchExample.run(Path.of(args.get(0)), Path.of(args.get(1)), Path.of(args.get(2)), 5, out,
            onError.skipped(err));
        break;
      case "clip":
        need(3, "CLIP_MODEL IMAGES QUERY...");
        ClipSearchExample.run(Path.of(args.get(0)), Path.of(args.get(1)), args.subList(2, args.size()), 3, out,
            onError.skipped(err));
        break;
      case "clustering":
        ClusteringExample.run(Path.of(args.isEmpty() ? "clusters.png" : args.get(0)), out);
        break;
      case "knn":
        KnnClassificationExample.run(out);
        break;
      default:
        throw new InvalidInputException("unknown example '" + name
            + "': one of similarity, documents, images, audio, clip, clustering, knn");
    }
    return 0;
  }

  private void need(int n, String usage) {
    if (args.size() < n) {
      throw new InvalidInputException("usage: embedkit example " + name + " " + usage);
    }
  }
}
