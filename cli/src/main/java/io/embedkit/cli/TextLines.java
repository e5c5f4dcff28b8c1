package io.embedkit.cli;

import io.embedkit.core.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a UTF-8 text file one line at a time in bounded memory: a line longer than a limit is refused (naming
 * it) before it is ever held whole, bytes that are not UTF-8 are refused naming the line instead of becoming
 * U+FFFD, a leading byte-order mark is dropped, and {@code \r\n} ends a line as {@code \n} does.
 */
final class TextLines implements Closeable {
  /** The longest text line {@code embed text} reads, in characters (1 MiB; a tokenizer keeps 512 tokens). */
  static final int MAX_TEXT_LINE = 1 << 20;
  /** The longest {@code .jsonl} line read (64 MiB: a 16,384-number vector, its text and fields). */
  static final int MAX_JSONL_LINE = 1 << 26;

  private final Path file;
  private final int maxChars;
  private final Reader reader;
  private final StringBuilder line = new StringBuilder();
  private long number;
  private boolean first = true;

  /**
   * Opens a file.
   *
   * @param file the file
   * @param maxChars the longest line accepted
   * @throws IOException if it cannot be opened
   * @throws InvalidInputException if it is a folder or does not exist
   */
  TextLines(Path file, int maxChars) throws IOException {
    this.file = file;
    this.maxChars = maxChars;
    requireReadable(file);
    this.reader = new java.io.BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  /**
   * Throws unless a path is an existing file other than a folder.
   *
   * @param file the path
   * @throws InvalidInputException naming what it is instead
   */
  static void requireReadable(Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(file + " is a folder, not a file");
    }
    if (!Files.exists(file)) {
      throw new InvalidInputException(file + " does not exist");
    }
    if (!Files.isReadable(file)) {
      throw new InvalidInputException(file + " cannot be read (permissions)");
    }
  }

  /**
   * Returns the next line, without its line end.
   *
   * @return the line, or null at the end of the file (a final line end adds no empty line)
   * @throws IOException if reading fails
   * @throws InvalidInputException for a line longer than the limit or bytes that are not UTF-8
   */
  String next() throws IOException {
    line.setLength(0);
    boolean any = false;
    try {
      int c;
      while ((c = reader.read()) >= 0) {
        any = true;
        if (first) {
          first = false;
          if (c == '\uFEFF') {
            continue;
          }
        }
        if (c == '\n') {
          break;
        }
        if (line.length() == maxChars) {
          throw new InvalidInputException(file + ": line " + (number + 1) + " is longer than " + maxChars
              + " characters");
        }
        line.append((char) c);
      }
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(file + ": line " + (number + 1) + " is not valid UTF-8 text");
    }
    if (!any) {
      return null;
    }
    number++;
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      line.setLength(n - 1);
    }
    return line.toString();
  }

  /**
   * Returns the number of the line {@link #next} returned last, from 1.
   *
   * @return the line number
   */
  long lineNumber() {
    return number;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
