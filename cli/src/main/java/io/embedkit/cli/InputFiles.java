package io.embedkit.cli;

import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The files a command reads: folders expanded to the image or audio files under them, and their ids. */
final class InputFiles {
  private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp");
  private static final List<String> AUDIO_EXTENSIONS = List.of(".wav", ".aiff", ".aif", ".flac", ".mp3");

  private InputFiles() {}

  /** The files of a modality: image or audio files, folders expanded. */
  static List<Path> of(Modality modality, List<Path> in) {
    return modality == Modality.image ? imageFiles(in) : audioFiles(in);
  }

  static List<Path> imageFiles(List<Path> in) {
    return files(in, IMAGE_EXTENSIONS, "image");
  }

  static List<Path> audioFiles(List<Path> in) {
    return files(in, AUDIO_EXTENSIONS, "audio");
  }

  /** The files named, with folders expanded to the files of the given kinds under them, sorted by path. */
  private static List<Path> files(List<Path> in, List<String> extensions, String kind) {
    List<Path> out = new ArrayList<>();
    for (Path p : in) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).filter(f -> extensions.stream()
              .anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
              .sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new InvalidInputException(p + ": no such file or folder");
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("no " + kind + " files (" + String.join(", ", extensions) + ") in " + in);
    }
    return out;
  }

  /** An item's id: its path relative to the folder it was found in, or its file name. */
  static List<String> ids(List<Path> in, List<Path> files) {
    List<String> ids = new ArrayList<>(files.size());
    for (Path f : files) {
      String id = f.getFileName().toString();
      for (Path root : in) {
        if (Files.isDirectory(root) && f.startsWith(root)) {
          id = root.relativize(f).toString();
          break;
        }
      }
      ids.add(id);
    }
    return ids;
  }
}
