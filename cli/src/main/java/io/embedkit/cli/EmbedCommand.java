package io.embedkit.cli;

import io.embedkit.core.Encoder;
import io.embedkit.core.FileEncoder;
import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
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

  @CommandLine.Mixin ModelOptions model;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH", description = "Input files.")
  List<Path> in;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Output: .jsonl ({\"id\", \"vector\"} per line; ids are line numbers or file names) or .fvecs.")
  Path out;

  @Option(names = "--preprocess", paramLabel = "resnet|clip",
      description = "Image preprocessing preset instead of the folder's preprocessor_config.json.")
  String preprocess;

  @CommandLine.Mixin OnErrorOption onError;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return modality == Modality.text ? texts() : files();
  }

  private int texts() throws IOException {
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
    try (Encoder<String> encoder = model.open(String.class, null)) { // a CLIP folder gives its text tower
      long start = System.nanoTime();
      List<float[]> vectors;
      try (ProgressBars bar = ProgressBars.start("embed", texts.size(), "texts")) {
        vectors = encoder.encodeAll(texts, bar); // one call: length-sorted batches over the whole input
      }
      List<Map<String, String>> fields = new ArrayList<>();
      for (String t : texts) {
        fields.add(Map.of("text", t));
      }
      write(new VectorFiles.Labeled(ids, vectors, fields, encoder.space()), "texts", start);
    }
    return 0;
  }

  /** Embeds files (ids: their names, or paths below the folders given) and writes them with their paths. */
  private int files() throws IOException {
    List<Path> files = InputFiles.of(modality, in);
    String what = modality == Modality.image ? "images" : "clips";
    try (Encoder<?> encoder = model.open(ModelOptions.itemType(modality), preprocess)) {
      if (!(encoder instanceof FileEncoder fileEncoder)) {
        throw new InvalidInputException("model " + model.model + " reads no " + modality + " files");
      }
      long start = System.nanoTime();
      List<float[]> vectors;
      try (ProgressBars bar = ProgressBars.start("embed", files.size(), what)) {
        vectors = onError.encode(fileEncoder, files, bar, spec.commandLine().getErr());
      }
      List<String> allIds = InputFiles.ids(in, files);
      List<String> ids = new ArrayList<>();
      List<float[]> kept = new ArrayList<>();
      List<Map<String, String>> fields = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (vectors.get(i) != null) {
          ids.add(allIds.get(i));
          kept.add(vectors.get(i));
          fields.add(Map.of("path", files.get(i).toString()));
        }
      }
      if (kept.isEmpty()) {
        throw new InvalidInputException("none of the " + files.size() + " " + what + " could be embedded");
      }
      write(new VectorFiles.Labeled(ids, kept, fields, encoder.space()), what, start);
    }
    return 0;
  }

  private void write(VectorFiles.Labeled data, String what, long start) throws IOException {
    VectorFiles.write(out, data);
    PrintWriter err = spec.commandLine().getErr();
    err.printf("embedded %d %s with %s (%d dimensions) in %.2f s -> %s%n", data.ids().size(), what,
        data.space().name(), data.space().dimension(), (System.nanoTime() - start) / 1e9, out);
    err.flush();
  }
}
