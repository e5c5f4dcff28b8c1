package io.embedkit.cli;

import io.embedkit.core.FileEncoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What to do with a file that cannot be decoded: fail the command, or skip it with one line on stderr. */
final class OnErrorOption {
  /** The choices. */
  enum OnError {
    fail,
    skip
  }

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "A file that cannot be read or decoded: fail the command, or skip it (one line on stderr"
          + " each) and embed the rest (default: ${DEFAULT-VALUE}).")
  OnError onError = OnError.fail;

  /** Where to report skipped files: {@code err}, or null to fail on the first instead. */
  PrintWriter skipped(PrintWriter err) {
    return onError == OnError.fail ? null : err;
  }

  /**
   * Embeds files, failing on the first bad one or skipping bad ones as chosen.
   *
   * @return one vector per file, null for a skipped one
   */
  List<float[]> encode(FileEncoder encoder, List<Path> files, Progress progress, PrintWriter err) {
    if (onError == OnError.fail) {
      try {
        return encoder.encodeFiles(files, progress);
      } catch (InvalidInputException e) {
        throw files.size() > 1
            ? new InvalidInputException(e.getMessage() + " (--on-error skip embeds the other files)", e) : e;
      }
    }
    return encoder.encodeFiles(files, progress, (file, e) -> {
      err.println("embedkit: skipped " + e.getMessage());
      err.flush();
    });
  }
}
