package io.embedkit.examples;

import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.runtime.ModelSource;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImageEncoderConfig;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Image search over a folder: embeds every image with a ResNet-style model folder (see the README for
 * exporting torchvision's ResNet-50 with {@code fc = Identity}) and lists the images most like a query image.
 */
public final class ImageSearchExample {
  private ImageSearchExample() {}

  /**
   * Runs the example.
   *
   * @param model a folder with {@code model.onnx} or {@code model.pt} (and optionally {@code preprocessor_config.json})
   * @param images a folder of images
   * @param query the query image
   * @param k how many hits
   * @param out where to print
   * @param skipped where to report images that cannot be decoded, which are then left out; null to fail on them
   * @throws IOException if the folder cannot be listed
   */
  public static void run(Path model, Path images, Path query, int k, PrintWriter out, PrintWriter skipped)
      throws IOException {
    List<Path> files = Examples.files(images, ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp");
    try (ImageEncoder encoder = ImageEncoder.create(ImageEncoderConfig.builder()
            .setSource(ModelSource.parse(model.toString())).optNormalize(true).build());
        VectorIndex index = FlatIndex.create(encoder.space().dimension(), encoder.space().metric())) {
      index.bindSpace(encoder.space());
      Examples.addFiles(encoder, index, images, files, true, skipped);
      out.printf("%d images; most like %s:%n", index.size(), query.getFileName());
      for (SearchHit hit : index.search(encoder.encode(query), k)) {
        out.printf(Locale.ROOT, "  %.4f  %s%n", hit.score(), hit.id());
      }
    }
    out.flush();
  }

  /**
   * Runs the example: {@code MODEL_FOLDER IMAGE_FOLDER QUERY_IMAGE}.
   *
   * @param args the three paths
   * @throws IOException if the folder cannot be listed
   */
  public static void main(String[] args) throws IOException {
    Examples.requireArgs(args, 3, "MODEL_FOLDER IMAGE_FOLDER QUERY_IMAGE");
    run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 5, new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }
}
