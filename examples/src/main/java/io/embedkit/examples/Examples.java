package io.embedkit.examples;

import io.embedkit.core.FileEncoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import io.embedkit.core.VectorIndex;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What the examples share: listing a folder's files and checking arguments. */
final class Examples {
  private Examples() {}

  /** The files under a folder with one of the extensions, sorted. */
  static List<Path> files(Path folder, String... extensions) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(folder + ": no such folder");
    }
    try (Stream<Path> s = Files.walk(folder)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(f -> {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(extensions).anyMatch(name::endsWith);
      }).sorted().toList();
      if (files.isEmpty()) {
        throw new InvalidInputException("no " + String.join(", ", extensions) + " files in " + folder);
      }
      return files;
    }
  }

  /**
   * Embeds files and adds them to an index, ids relative to {@code root}. A file that cannot be decoded fails
   * the example, or, when {@code skipped} is given, is left out with one line there.
   */
  static void addFiles(FileEncoder encoder, VectorIndex index, Path root, List<Path> files, boolean withPath,
      PrintWriter skipped) {
    List<float[]> vectors = skipped == null ? encoder.encodeFiles(files, Progress.NONE)
        : encoder.encodeFiles(files, Progress.NONE, (file, e) -> {
          skipped.println("skipped " + e.getMessage());
          skipped.flush();
        });
    for (int i = 0; i < files.size(); i++) {
      if (vectors.get(i) != null) {
        index.add(root.relativize(files.get(i)).toString(), vectors.get(i),
            withPath ? Map.of("path", files.get(i).toString()) : Map.of());
      }
    }
    if (index.size() == 0) {
      throw new InvalidInputException("none of the " + files.size() + " files in " + root + " could be embedded");
    }
  }

  static void requireArgs(String[] args, int n, String usage) {
    if (args.length < n) {
      throw new InvalidInputException("usage: " + usage);
    }
  }
}
