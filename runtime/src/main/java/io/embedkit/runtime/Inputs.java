package io.embedkit.runtime;

import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file or stream whole, failing with the input named, for the decoders. */
public final class Inputs {
  private Inputs() {}

  /**
   * Returns a file's bytes.
   *
   * @param file the file
   * @param kind what the file should hold, for the message, e.g. {@code "image"}
   * @return the bytes
   * @throws InvalidInputException if the file is missing or unreadable
   */
  public static byte[] read(Path file, String kind) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such " + kind + " file", e);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a stream's remaining bytes; the stream is not closed.
   *
   * @param in the stream
   * @param name what to call the input in messages
   * @return the bytes
   * @throws InvalidInputException if the stream fails
   */
  public static byte[] read(InputStream in, String name) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new InvalidInputException(name + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
