package io.embedkit.index.store;

import io.embedkit.core.IndexCorruptedException;
import java.nio.file.Path;

/** Thrown when an index file was written by a newer embedkit than the one reading it. */
public class IndexVersionException extends IndexCorruptedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the file
   * @param format its format name
   * @param found the version in the file
   * @param supported the newest version this build reads
   */
  public IndexVersionException(Path file, String format, int found, int supported) {
    super(file, "format '" + format + "' version " + found + " is newer than this embedkit reads (up to "
        + supported + "): upgrade embedkit to load it");
  }
}
