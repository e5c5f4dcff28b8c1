package io.embedkit.cli;

import io.embedkit.core.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Lists {@code serve} among the commands: the launcher runs it from the server module in a JVM of its own
 * (its Jetty 12 cannot share this class path with SolrJ's Jetty 10).
 */
@Command(name = "serve", description = "Serve models over HTTP with OpenAI's embeddings API"
    + "; its options: embedkit serve --help.")
final class ServePlaceholder implements Callable<Integer> {
  @Parameters(hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    throw new InvalidInputException("serve runs in a JVM of its own: start it with ./embedkit serve, or run"
        + " io.embedkit.server.ServeCommand from the embedkit-server module");
  }
}
