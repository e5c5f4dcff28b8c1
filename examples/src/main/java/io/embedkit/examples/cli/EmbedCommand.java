package io.embedkit.examples.cli;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.image.ImageEncoder;
import io.embedkit.text.TextEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Embeds items into a vector file. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Embed items into vectors: text files hold one item per line; image and audio take files or folders.")
final class EmbedCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "text|image|audio", description = "What to embed.")
  Modality modality;

  @CommandLine.Mixin TextModelOptions model;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH", description = "Input files.")
  List<Path> in;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Output: .jsonl ({\"id\", \"vector\"} per line; ids are line numbers or file names) or .fvecs.")
  Path out;

  @Option(names = "--preprocess", paramLabel = "resnet|clip",
      description = "Image preprocessing preset instead of the folder's preprocessor_config.json.")
  String preprocess;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (modality == Modality.image) {
      return images();
    }
    if (modality == Modality.audio) {
      return audio();
    }
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Path file : in) {
      List<String> lines = VectorFiles.readLines(file);
      for (int i = 0; i < lines.size(); i++) {
        ids.add(in.size() == 1 ? Integer.toString(i + 1) : file.getFileName() + ":" + (i + 1));
        texts.add(lines.get(i));
      }
    }
    if (texts.isEmpty()) {
      throw new InvalidInputException("no text to embed in " + in);
    }
    try (TextEncoder encoder = Models.texts(model)) { // a CLIP folder gives its text tower
      long start = System.nanoTime();
      List<float[]> vectors = inChunks(texts, 1024, encoder::encodeAll, "texts");
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Map<String, String>> fields = new ArrayList<>();
      for (String t : texts) {
        fields.add(Map.of("text", t));
      }
      VectorFiles.write(out, new VectorFiles.Labeled(ids, vectors, fields, encoder.space()));
      spec.commandLine().getErr().printf("embedded %d texts with %s (%d dimensions) in %.2f s -> %s%n",
          texts.size(), encoder.space().name(), encoder.space().dimension(), seconds, out);
    }
    return 0;
  }

  private int audio() throws IOException {
    List<Path> files = Models.audioFiles(in);
    try (AudioEncoder encoder = Models.audio(model)) {
      return files(files, encoder, encoder::encodeFiles, "clips");
    }
  }

  private int images() throws IOException {
    List<Path> files = Models.imageFiles(in);
    try (ImageEncoder encoder = Models.images(model, preprocess)) {
      return files(files, encoder, encoder::encodeFiles, "images");
    }
  }

  /** Embeds items a chunk at a time, so that a progress bar can follow. */
  static <I> List<float[]> inChunks(List<I> items, int chunk,
      java.util.function.Function<List<I>, List<float[]>> embed, String unit) {
    List<float[]> vectors = new ArrayList<>(items.size());
    try (ProgressBars bar = ProgressBars.start("embed", items.size(), unit)) {
      for (int from = 0; from < items.size(); from += chunk) {
        vectors.addAll(embed.apply(items.subList(from, Math.min(items.size(), from + chunk))));
        bar.update(vectors.size(), items.size());
      }
    }
    return vectors;
  }

  /** Embeds files (ids: their names, or paths below the folders given) and writes them with their paths. */
  private int files(List<Path> files, io.embedkit.core.Encoder<?> encoder,
      java.util.function.Function<List<Path>, List<float[]>> embed, String what) throws IOException {
    long start = System.nanoTime();
    List<float[]> vectors = inChunks(files, 64, embed, what);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Map<String, String>> fields = new ArrayList<>();
    for (Path f : files) {
      fields.add(Map.of("path", f.toString()));
    }
    VectorFiles.write(out, new VectorFiles.Labeled(Models.ids(in, files), vectors, fields, encoder.space()));
    spec.commandLine().getErr().printf("embedded %d %s with %s (%d dimensions) in %.2f s -> %s%n", files.size(),
        what, encoder.space().name(), encoder.space().dimension(), seconds, out);
    return 0;
  }
}
