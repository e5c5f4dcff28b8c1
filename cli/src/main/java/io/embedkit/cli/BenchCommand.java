package io.embedkit.cli;

import com.google.gson.GsonBuilder;
import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.image.ImageDecoder;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImagePreprocessor;
import io.embedkit.image.RgbImage;
import io.embedkit.index.hnsw.HnswQuantization;
import io.embedkit.text.TextEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure index and encoder speed.",
    subcommands = {BenchCommand.Ann.class, BenchCommand.Encode.class, BenchCommand.Truth.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: ann or encode");
  }

  /** Recall and queries per second of the HNSW index against exact ground truth. */
  @Command(name = "ann", mixinStandardHelpOptions = true,
      description = "HNSW recall and throughput on .fvecs/.ivecs datasets.")
  static final class Ann implements Callable<Integer> {
    @Option(names = "--base", required = true) Path base;
    @Option(names = "--query", required = true) Path query;
    @Option(names = "--truth", required = true) Path truth;
    @Option(names = "--k", defaultValue = "10") int k;
    @Option(names = "--metric", defaultValue = "l2") String metric;
    @Option(names = "--m", defaultValue = "16") int m;
    @Option(names = "--ef-construction", defaultValue = "200") int efConstruction;
    @Option(names = "--quantization", defaultValue = "none", paramLabel = "none|int8|binary",
        description = "How the graph holds its vectors (default: ${DEFAULT-VALUE}).")
    String quantization;
    @Option(names = "--oversample", defaultValue = "0",
        description = "With quantization: candidates rescored per hit (default: the mode's, 3 for int8, 10 for binary).")
    int oversample;
    @Option(names = "--ef-search", defaultValue = "10,20,40,80,160", split = ",") List<Integer> efSearch;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "--repeat", defaultValue = "5",
        description = "Timed passes over the queries per efSearch; the fastest is reported (default: ${DEFAULT-VALUE}).")
    int repeat;
    @Option(names = "--json") Path json;
    @Option(names = "--in-memory",
        description = "Search the index as built instead of as saved and loaded back (laid out breadth-first).")
    boolean inMemory;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (k <= 0 || m < 2 || efConstruction <= 0 || threads <= 0 || repeat <= 0
          || efSearch.stream().anyMatch(e -> e <= 0)) {
        throw new InvalidInputException("--k, --ef-construction, --ef-search, --threads and --repeat must be positive"
            + " and --m at least 2");
      }
      List<float[]> baseVectors = VectorFiles.readFvecs(base);
      List<float[]> queries = VectorFiles.readFvecs(query);
      List<int[]> ids = VectorFiles.readIvecs(truth);
      io.embedkit.index.hnsw.HnswConfig config = io.embedkit.index.hnsw.HnswConfig.of(baseVectors.isEmpty() ? 1
          : baseVectors.get(0).length, io.embedkit.core.Metric.parse(metric)).withGraph(m, efConstruction)
          .withQuantization(HnswQuantization.parse(quantization)).withOversample(oversample);
      List<Map<String, Object>> rows = AnnBenchmark.run(baseVectors, queries, ids, k, config, efSearch, threads,
          repeat, !inMemory, spec.commandLine().getOut());
      if (json != null) {
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(rows) + "\n");
      }
      return 0;
    }
  }

  /** Exact ground truth for an ANN dataset, by the flat index. */
  @Command(name = "truth", mixinStandardHelpOptions = true,
      description = "Write the exact top-k base rows of every query as .ivecs, computed by the flat index.")
  static final class Truth implements Callable<Integer> {
    @Option(names = "--base", required = true) Path base;
    @Option(names = "--query", required = true) Path query;
    @Option(names = "--k", defaultValue = "100") int k;
    @Option(names = "--metric", defaultValue = "l2") String metric;
    @Option(names = "--out", required = true) Path out;

    @Override
    public Integer call() throws IOException {
      List<float[]> b = VectorFiles.readFvecs(base);
      if (b.isEmpty()) {
        throw new InvalidInputException(base + " holds no vectors");
      }
      VectorFiles.writeIvecs(out, AnnBenchmark.groundTruth(b, VectorFiles.readFvecs(query), k,
          io.embedkit.core.Metric.parse(metric)));
      return 0;
    }
  }

  /** Items per second of an encoder, for the whole pipeline and for the bare model forward pass. */
  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = "Encoder throughput: the full pipeline and, for text, the bare model forward pass.")
  static final class Encode implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "text|image|audio") Modality modality;

    @CommandLine.Mixin ModelOptions model;

    @Option(names = "--in", required = true, paramLabel = "PATH",
        description = "Text: a file, one item per line. Image, audio: files or folders.")
    List<Path> in;

    @Option(names = "--preprocess", paramLabel = "resnet|clip",
        description = "Image preprocessing preset instead of the folder's preprocessor_config.json.")
    String preprocess;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the figures as JSON.")
    Path json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (repeat <= 0) {
        throw new InvalidInputException("--repeat must be positive, was " + repeat);
      }
      if (modality == Modality.image) {
        return images();
      }
      if (modality == Modality.audio) {
        return audio();
      }
      if (in.size() != 1) {
        throw new InvalidInputException("bench encode text takes one --in file, got " + in.size());
      }
      List<String> texts = VectorFiles.readLines(in.get(0));
      if (texts.isEmpty()) {
        throw new InvalidInputException(in.get(0) + " holds no text");
      }
      try (TextEncoder encoder = open(String.class, TextEncoder.class)) {
        Runnable forward = encoder.forwardPassOnly(texts);
        encoder.encodeAll(texts.subList(0, Math.min(texts.size(), 512))); // warm-up
        forward.run();
        double[] t = medians(() -> encoder.encodeAll(texts), forward);
        double p = t[0];
        double f = t[1];
        Map<String, Object> result = result(texts.size(), p);
        result.put("forwardPass", figures(texts.size(), f));
        result.put("pipelineToForwardRatio", f / p);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d texts, batch %d, %s (%s)%n", texts.size(), model.batch, encoder.space().name(),
            encoder.describe());
        out.printf("pipeline:      %10.1f texts/s  (%.3f s, median of %d)%n", texts.size() / p, p, repeat);
        out.printf("forward pass:  %10.1f texts/s  (%.3f s)%n", texts.size() / f, f);
        out.printf("pipeline / forward pass: %.3f%n", f / p);
        out.flush();
        write(result);
      }
      return 0;
    }

    /** Opens the model through {@code Encoders.open}; the benchmark needs embedkit's own encoder of its kind. */
    private <E extends Encoder<?>> E open(Class<?> itemType, Class<E> encoderClass) {
      Encoder<?> e = model.open(itemType, preprocess);
      if (!encoderClass.isInstance(e)) {
        e.close();
        throw new InvalidInputException("bench encode measures " + encoderClass.getSimpleName() + "; model "
            + model.model + " opened a " + e.getClass().getSimpleName());
      }
      return encoderClass.cast(e);
    }

    /** Clips per second and times real time for the full pipeline, from files. */
    private int audio() throws IOException {
      List<Path> files = InputFiles.audioFiles(in);
      double audioSeconds = 0;
      for (Path f : files) {
        audioSeconds += io.embedkit.audio.AudioDecoder.decode(f).seconds();
      }
      try (AudioEncoder encoder = open(io.embedkit.audio.AudioClip.class, AudioEncoder.class)) {
        encoder.encodeFiles(files.subList(0, Math.min(files.size(), 2))); // warm-up
        double p = medians(() -> encoder.encodeFiles(files))[0];
        int n = files.size();
        Map<String, Object> result = result(n, p);
        result.put("audioSeconds", audioSeconds);
        result.put("realTimeFactor", audioSeconds / p);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d clips (%.1f s of audio), %s (%s)%n", n, audioSeconds, encoder.space().name(),
            encoder.describe());
        out.printf("pipeline: %10.1f clips/s, %.0f x real time (%.3f s, median of %d)%n", n / p, audioSeconds / p, p,
            repeat);
        out.flush();
        write(result);
      }
      return 0;
    }

    /** Full pipeline from files, the model alone, and decoding + preprocessing alone (from memory, 1 thread). */
    private int images() throws IOException {
      List<Path> files = InputFiles.imageFiles(in);
      List<byte[]> bytes = new ArrayList<>();
      for (Path f : files) {
        bytes.add(Files.readAllBytes(f));
      }
      try (ImageEncoder encoder = open(java.awt.image.BufferedImage.class, ImageEncoder.class)) {
        ImageDecoder decoder = ImageDecoder.defaults();
        List<RgbImage> decoded = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
          decoded.add(decoder.decode(bytes.get(i), files.get(i).toString()));
        }
        Runnable forward = encoder.forwardPassOnly(decoded);
        ImagePreprocessor prep = encoder.preprocessor();
        Runnable preprocessOnly = () -> {
          for (int i = 0; i < bytes.size(); i++) {
            prep.apply(decoder.decode(bytes.get(i), "image"));
          }
        };
        encoder.encodeFiles(files.subList(0, Math.min(files.size(), 64))); // warm-up
        forward.run();
        preprocessOnly.run();
        double[] t = medians(() -> encoder.encodeFiles(files), forward, preprocessOnly);
        double p = t[0];
        double f = t[1];
        double d = t[2];
        int n = files.size();
        Map<String, Object> result = result(n, p);
        result.put("forwardPass", figures(n, f));
        result.put("preprocess", figures(n, d));
        result.put("pipelineToForwardRatio", f / p);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d images, batch %d, %s (%s)%n", n, model.batch, encoder.space().name(), encoder.describe());
        out.printf("pipeline:      %10.1f images/s  (%.3f s, median of %d)%n", n / p, p, repeat);
        out.printf("forward pass:  %10.1f images/s  (%.3f s)%n", n / f, f);
        out.printf("decode + preprocess, 1 thread: %10.1f images/s  (%.3f s)%n", n / d, d);
        out.flush();
        write(result);
      }
      return 0;
    }

    /** Runs each task {@code repeat} times, interleaved so drift affects all alike; returns their median seconds. */
    private double[] medians(Runnable... tasks) {
      double[][] t = new double[tasks.length][repeat];
      for (int r = 0; r < repeat; r++) {
        for (int i = 0; i < tasks.length; i++) {
          long t0 = System.nanoTime();
          tasks[i].run();
          t[i][r] = (System.nanoTime() - t0) / 1e9;
        }
      }
      double[] out = new double[tasks.length];
      for (int i = 0; i < tasks.length; i++) {
        out[i] = median(t[i]);
      }
      return out;
    }

    /** The fields every {@code bench encode --json} result has (DESIGN.md). */
    private Map<String, Object> result(int items, double seconds) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("items", items);
      result.putAll(figures(items, seconds));
      result.put("batch", model.batch);
      result.put("model", model.model);
      return result;
    }

    private static Map<String, Object> figures(int items, double seconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seconds", seconds);
      m.put("itemsPerSecond", items / seconds);
      return m;
    }

    private void write(Map<String, Object> result) throws IOException {
      if (json != null) {
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(result) + "\n");
      }
    }

    private static double median(double[] v) {
      double[] s = v.clone();
      Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
  }
}
