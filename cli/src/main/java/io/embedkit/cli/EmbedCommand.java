package io.embedkit.cli;

import io.embedkit.core.Encoder;
import io.embedkit.core.FileEncoder;
import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
    description = "Embed items into vectors: text files hold one item per line (.csv and .jsonl tables a text"
        + " column); image and audio take files or folders.")
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

  @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME",
      description = "For .csv (with a header row) and .jsonl text inputs: the column holding the text (default:"
          + " ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--labels", paramLabel = "folders|column=NAME",
      description = "Write each item's label into its .jsonl line as \"label\": image and audio from the folder"
          + " layout (one subfolder per class, read through DJL basicdataset), text from a column of a .csv or"
          + " .jsonl input.")
  String labels;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return modality == Modality.text ? texts() : files();
  }

  /** Texts per encode call: sorted by length within it for batching, and the most held in memory at once. */
  static final int CHUNK = 8192;

  /** Characters per encode call at most (a chunk ends early when its texts are long): bounds the tokens held. */
  static final int CHUNK_CHARS = 1 << 22;

  /**
   * Embeds text files line by line in chunks of {@value #CHUNK} lines or {@value #CHUNK_CHARS} characters,
   * writing each chunk's vectors as it is done: memory does not grow with the input.
   */
  private int texts() throws IOException {
    String labelColumn = null;
    if (labels != null) {
      if (!labels.startsWith("column=") || labels.length() == "column=".length()) {
        throw new InvalidInputException("--labels for text is column=NAME (a column of a .csv or .jsonl input),"
            + " not '" + labels + "'");
      }
      labelColumn = labels.substring("column=".length());
    }
    boolean tables = in.stream().anyMatch(LabelledTexts::isTable);
    if (tables || labelColumn != null) {
      if (!in.stream().allMatch(LabelledTexts::isTable)) {
        throw new InvalidInputException("--labels column=NAME reads .csv or .jsonl inputs; " + in
            + " mixes them with plain text files");
      }
      return table(labelColumn);
    }
    long lineTotal = 0;
    for (Path file : in) {
      TextLines.requireReadable(file);
      requireNotOutput(file);
      lineTotal = lineTotal < 0 || !Files.isRegularFile(file) ? -1 : lineTotal + countLines(file);
    }
    try (Encoder<String> encoder = model.open(String.class, null)) { // a CLIP folder gives its text tower
      long start = System.nanoTime();
      long written;
      long total = lineTotal;
      try (ProgressBars bar = ProgressBars.start("embed", total, "texts")) { // silent for pipes and devices
        long[] done = {0};
        written = VectorFiles.stream(out, encoder.space(), sink -> {
          for (Path file : in) {
            try (TextLines lines = new TextLines(file, TextLines.MAX_TEXT_LINE)) {
              List<String> ids = new ArrayList<>();
              List<String> texts = new ArrayList<>();
              String line;
              long chars = 0;
              while ((line = lines.next()) != null) {
                long n = lines.lineNumber();
                ids.add(in.size() == 1 ? Long.toString(n) : file.getFileName() + ":" + n);
                texts.add(line);
                chars += line.length();
                if (texts.size() == CHUNK || chars >= CHUNK_CHARS) {
                  chars = 0;
                  embed(encoder, ids, texts, sink);
                  bar.update(done[0] + lines.lineNumber(), total);
                }
              }
              embed(encoder, ids, texts, sink);
              done[0] += lines.lineNumber();
              bar.update(done[0], total);
            }
          }
          if (done[0] == 0) { // thrown inside the write: an existing output stays as it was
            throw new InvalidInputException("no text to embed in " + in);
          }
        });
      }
      report(written, "texts", encoder.space(), start);
    }
    return 0;
  }

  /** Embeds the text column of .csv/.jsonl inputs, with their labels when asked, in chunks. */
  private int table(String labelColumn) throws IOException {
    List<LabelledTexts> tables = new ArrayList<>();
    long total = 0;
    for (Path file : in) {
      requireNotOutput(file);
      LabelledTexts t = LabelledTexts.read(file, textColumn, labelColumn);
      tables.add(t);
      total += t.texts().size();
    }
    try (Encoder<String> encoder = model.open(String.class, null)) {
      long start = System.nanoTime();
      long written;
      try (ProgressBars bar = ProgressBars.start("embed", total, "texts")) {
        long[] done = {0};
        long all = total;
        written = VectorFiles.stream(out, encoder.space(), sink -> {
          for (int f = 0; f < tables.size(); f++) {
            LabelledTexts t = tables.get(f);
            for (int from = 0; from < t.texts().size(); from += CHUNK) {
              int to = Math.min(t.texts().size(), from + CHUNK);
              List<String> texts = t.texts().subList(from, to);
              List<float[]> vectors = encoder.encodeAll(texts);
              List<String> ids = new ArrayList<>(to - from);
              List<Map<String, Object>> fields = new ArrayList<>(to - from);
              for (int i = from; i < to; i++) {
                ids.add(in.size() == 1 ? t.ids().get(i) : in.get(f).getFileName() + ":" + t.ids().get(i));
                fields.add(t.labels() == null ? Map.of("text", t.texts().get(i))
                    : Map.of("text", t.texts().get(i), "label", t.labels().get(i)));
              }
              sink.write(new VectorFiles.Labeled(ids, vectors, fields, null));
              done[0] += to - from;
              bar.update(done[0], all);
            }
          }
        });
      }
      report(written, "texts", encoder.space(), start);
    }
    return 0;
  }

  /** Counts the lines of a regular file for the progress bar: its newlines, plus a last line without one. */
  private static long countLines(Path file) throws IOException {
    long lines = 0;
    int last = '\n';
    byte[] buf = new byte[1 << 16];
    try (java.io.InputStream s = Files.newInputStream(file)) {
      int n;
      while ((n = s.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
        last = buf[n - 1];
      }
    }
    return last == '\n' ? lines : lines + 1;
  }

  private static void embed(Encoder<String> encoder, List<String> ids, List<String> texts, VectorFiles.Sink sink)
      throws IOException {
    if (texts.isEmpty()) {
      return;
    }
    List<float[]> vectors = encoder.encodeAll(texts); // length-sorted batches over the chunk
    List<Map<String, Object>> fields = new ArrayList<>(texts.size());
    for (String t : texts) {
      fields.add(Map.of("text", t));
    }
    sink.write(new VectorFiles.Labeled(new ArrayList<>(ids), vectors, fields, null));
    ids.clear();
    texts.clear();
  }

  /** Refuses an input that is the output file, which writing would replace. */
  private void requireNotOutput(Path input) throws IOException {
    if (Files.exists(out) && Files.exists(input) && Files.isSameFile(input, out)) {
      throw new InvalidInputException("--out " + out + " is also an input: writing it would replace what is being"
          + " read; choose another output file");
    }
  }

  /** Embeds files (ids: their names, or paths below the folders given) and writes them with their paths. */
  private int files() throws IOException {
    List<Path> files;
    List<String> classOf = null;
    List<String> allIds;
    if (labels != null) {
      if (!labels.equals("folders")) {
        throw new InvalidInputException("--labels for " + modality + " is folders (one subfolder per class), not '"
            + labels + "'");
      }
      if (in.size() != 1) {
        throw new InvalidInputException("--labels folders reads one folder of class folders; got " + in.size()
            + " inputs");
      }
      io.embedkit.training.LabelledFolder folder = io.embedkit.training.LabelledFolder.of(in.get(0),
          modality == Modality.image ? io.embedkit.training.LabelledFolder.IMAGES
              : io.embedkit.training.LabelledFolder.AUDIO);
      files = new ArrayList<>();
      classOf = new ArrayList<>();
      allIds = new ArrayList<>();
      for (io.embedkit.training.LabelledFolder.Item item : folder.items()) {
        files.add(item.path());
        classOf.add(item.label());
        allIds.add(in.get(0).toAbsolutePath().relativize(item.path().toAbsolutePath()).toString());
      }
    } else {
      files = InputFiles.of(modality, in);
      allIds = InputFiles.ids(in, files);
    }
    for (Path f : files) {
      requireNotOutput(f);
    }
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
      List<String> ids = new ArrayList<>();
      List<float[]> kept = new ArrayList<>();
      List<Map<String, Object>> fields = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (vectors.get(i) != null) {
          ids.add(allIds.get(i));
          kept.add(vectors.get(i));
          fields.add(classOf == null ? Map.of("path", files.get(i).toString())
              : Map.of("path", files.get(i).toString(), "label", classOf.get(i)));
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
    report(data.ids().size(), what, data.space(), start);
  }

  private void report(long items, String what, io.embedkit.core.EmbeddingSpace space, long start) {
    PrintWriter err = spec.commandLine().getErr();
    err.printf("embedded %d %s with %s (%d dimensions) in %.2f s -> %s%n", items, what, space.name(),
        space.dimension(), (System.nanoTime() - start) / 1e9, out);
    err.flush();
  }
}
