package io.embedkit.examples;

import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

  static void requireArgs(String[] args, int n, String usage) {
    if (args.length < n) {
      throw new InvalidInputException("usage: " + usage);
    }
  }
}
