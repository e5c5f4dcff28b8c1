package io.embedkit.server;

import io.embedkit.audio.AudioClip;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.Encoders;
import io.embedkit.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code embedkit serve}: runs {@link EmbeddingServer} until SIGTERM or Ctrl-C, after which the requests in
 * flight finish. The launcher runs it in a JVM of its own (its Jetty 12 and SolrJ's Jetty 10 cannot share
 * a class path).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve models over HTTP with OpenAI's embeddings API (POST /v1/embeddings, GET /v1/models).")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "The port (default ${DEFAULT-VALUE}; 0: any free).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "The address to listen on (default ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
  String host;

  @Option(names = "--model", paramLabel = "NAME=SRC",
      description = "A model to serve under NAME: an embedded name, a folder or a hub id; repeatable"
          + " (default: minilm=minilm).")
  List<String> models = new ArrayList<>();

  @Option(names = "--data", paramLabel = "DIR",
      description = "Keep durable collections in DIR (/collections/...; a write-ahead log, snapshots).")
  java.nio.file.Path data;

  @Option(names = "--batch", defaultValue = "32", description = "The most texts per model call within a dynamic"
      + " batch, which is sorted by length and split where padding would cost more than a call (default"
      + " ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--workers", defaultValue = "1", description = "Dynamic batches of a model run at once (default"
      + " ${DEFAULT-VALUE}; 2 with --threads 1 gives more throughput on 2 cores, slower single requests).")
  int workers;

  @Option(names = "--threads", defaultValue = "0", description = "Native threads per model call (default: the"
      + " engine's, all cores).")
  int threads;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Require Authorization: Bearer KEY (default: the EMBEDKIT_API_KEY environment variable).")
  String apiKey;

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Creates the command. */
  public ServeCommand() {}

  @Override
  public Integer call() throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String m : models.isEmpty() ? List.of("minilm=minilm") : models) {
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1) {
        throw new InvalidInputException("--model " + m + ": expected NAME=SRC, e.g. minilm=minilm");
      }
      if (sources.put(m.substring(0, eq), m.substring(eq + 1)) != null) {
        throw new InvalidInputException("--model " + m.substring(0, eq) + " is given twice");
      }
    }
    String key = apiKey != null ? apiKey : System.getenv("EMBEDKIT_API_KEY");
    EmbeddingServer.Builder b = EmbeddingServer.builder().host(host).port(port).apiKey(key).dataDir(data)
        .workers(workers);
    List<Encoder<?>> opened = new ArrayList<>();
    try {
      EncoderOptions options = EncoderOptions.DEFAULTS.withBatchSize(batch).withThreads(threads);
      sources.forEach((name, src) -> open(src, options).forEach(e -> {
        opened.add(e);
        b.model(name, e);
      }));
    } catch (RuntimeException e) {
      opened.forEach(Encoder::close);
      throw e;
    }
    EmbeddingServer server = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close(); // in-flight requests finish first
      stopped.countDown();
    }, "embedkit-serve-stop"));
    System.err.println("embedkit: serving " + sources.keySet() + " at " + server.baseUrl()
        + (data == null ? "" : ", collections in " + data)
        + (key == null ? "" : " (API key required)") + "; Ctrl-C stops");
    stopped.await();
    return 0;
  }

  /** The encoders a source gives: text, image or audio, or a CLIP model's two towers. */
  static List<Encoder<?>> open(String source, EncoderOptions options) {
    List<Encoder<?>> out = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (Class<?> type : new Class<?>[] {String.class, BufferedImage.class, AudioClip.class}) {
      try {
        out.add(Encoders.open(source, type, options));
      } catch (InvalidInputException e) { // no provider of this modality recognises it
        why.add(e.getMessage());
      } catch (RuntimeException e) { // recognised but unusable: what opened is closed
        out.forEach(Encoder::close);
        throw e;
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("--model " + source + ": not a text, image or audio model (" + why.get(0)
          + ")");
    }
    return out;
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code serve}
   */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new ServeCommand());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      err.println("embedkit: " + (e instanceof EmbedkitException ? e.getMessage() : e.toString()));
      err.flush();
      return 1;
    });
    System.exit(cl.execute(args));
  }
}
