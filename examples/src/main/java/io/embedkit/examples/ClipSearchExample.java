package io.embedkit.examples;

import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.runtime.ModelSource;
import io.embedkit.image.ClipModel;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Text-to-image search with CLIP: the image tower embeds a folder of images, the text tower embeds a query,
 * and both live in one embedding space (see the README for exporting a Hugging Face CLIP to ONNX).
 */
public final class ClipSearchExample {
  private ClipSearchExample() {}

  /**
   * Runs the example.
   *
   * @param model a CLIP folder ({@code vision_model} and {@code text_model}, {@code tokenizer.json})
   * @param images a folder of images
   * @param queries text queries
   * @param k how many hits per query
   * @param out where to print
   * @param skipped where to report images that cannot be decoded, which are then left out; null to fail on them
   * @throws IOException if the folder cannot be listed
   */
  public static void run(Path model, Path images, List<String> queries, int k, PrintWriter out,
      PrintWriter skipped) throws IOException {
    List<Path> files = Examples.files(images, ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp");
    try (ClipModel clip = ClipModel.load(ModelSource.parse(model.toString()), null);
        VectorIndex index = FlatIndex.create(clip.space().dimension(), clip.space().metric())) {
      index.bindSpace(clip.space());
      Examples.addFiles(clip.images(), index, images, files, false, skipped);
      for (String q : queries) {
        out.printf("\"%s\":%n", q);
        for (SearchHit hit : index.search(clip.texts().encode(q), k)) {
          out.printf(Locale.ROOT, "  %.4f  %s%n", hit.score(), hit.id());
        }
      }
    }
    out.flush();
  }

  /**
   * Runs the example: {@code CLIP_FOLDER IMAGE_FOLDER QUERY...}.
   *
   * @param args the folders, then one or more queries
   * @throws IOException if the folder cannot be listed
   */
  public static void main(String[] args) throws IOException {
    Examples.requireArgs(args, 3, "CLIP_FOLDER IMAGE_FOLDER QUERY...");
    run(Path.of(args[0]), Path.of(args[1]), List.of(args).subList(2, args.length), 3,
        new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }
}
