package io.embedkit.cli;

import io.embedkit.core.EmbedkitException;
import io.embedkit.runtime.Djl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code embedkit} command line: embed, index, search, benchmark, and the embedding tasks. */
@Command(
    name = "embedkit",
    mixinStandardHelpOptions = true,
    version = "embedkit 0.1.0-SNAPSHOT",
    description = "Embeddings and vector search for text, images and audio.",
    subcommands = {
      DemoCommand.class,
      EmbedCommand.class,
      IndexCommand.class,
      SearchCommand.class,
      EvalCommand.class,
      TrainClassifierCommand.class,
      BenchCommand.class,
      AnalysisCommands.SimilarityCommand.class,
      AnalysisCommands.ClusterCommand.class,
      AnalysisCommands.ClassifyCommand.class,
      AnalysisCommands.PlotCommand.class,
      AnalysisCommands.DuplicatesCommand.class,
      ExampleCommand.class,
      SolrConfigSetCommand.class,
      ServePlaceholder.class,
      CommandLine.HelpCommand.class
    })
public final class EmbedkitCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Lucene's notice about its vector kernels (which keyword search does not use) on stderr, silenced; held
   * here because java.util.logging keeps loggers only while someone refers to them.
   */
  private static final java.util.logging.Logger LUCENE_VECTORIZATION =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  /** Exit code for bad input or a failed operation. */
  public static final int EXIT_FAILED = 1;

  /** Exit code for a malformed command line. */
  public static final int EXIT_USAGE = 2;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Returns a command line wired with embedkit's one-line error handling.
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    Djl.applyDefaults();
    LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.OFF);
    CommandLine cl = new CommandLine(new EmbedkitCli());
    cl.setExecutionExceptionHandler(EmbedkitCli::onError);
    cl.setExecutionStrategy(parsed -> {
      try {
        return new CommandLine.RunLast().execute(parsed);
      } catch (OutOfMemoryError e) {
        return outOfMemory(parsed.commandSpec().commandLine().getErr(), e);
      }
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("embedkit: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help')");
      err.flush();
      return EXIT_USAGE;
    });
    return cl;
  }

  /** One line for a JVM out of memory, saying what to change; the heap the command held is unreachable by now. */
  static int outOfMemory(PrintWriter err, OutOfMemoryError e) {
    long max = Runtime.getRuntime().maxMemory();
    err.println("embedkit: out of memory (" + (e.getMessage() == null ? "Java heap" : e.getMessage()) + ", "
        + (max == Long.MAX_VALUE ? "no limit" : max / (1 << 20) + " MB") + " allowed): give the JVM more, e.g."
        + " EMBEDKIT_JAVA_OPTS=-Xmx8g, or use a smaller --batch");
    err.flush();
    return EXIT_FAILED;
  }

  private static int onError(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof IOException) {
      message = t.getClass().getSimpleName() + ": " + message;
    } else if (!(t instanceof EmbedkitException) && !(t instanceof IllegalArgumentException)) {
      message = t.getClass().getName() + ": " + message;
    }
    err.println("embedkit: " + message.replace('\n', ' '));
    err.flush();
    return EXIT_FAILED;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
