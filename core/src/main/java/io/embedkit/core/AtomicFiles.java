package io.embedkit.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees the old content or the new, never a part: the content goes to a temporary
 * file beside the target, which is forced to disk, renamed over the target, and the folder forced too. Used
 * for index, vector and plot files alike.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's content; the stream is buffered by the caller as it needs. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content.
     *
     * @param out the temporary file's stream
     * @throws IOException if writing fails
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Creates or replaces a file atomically, creating its folder if needed.
   *
   * @param target the file
   * @param content writes the new content
   * @return the size of the file written, in bytes
   * @throws IOException if writing fails; {@code target} is then as it was and no temporary file remains
   */
  public static long write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(dir, abs.getFileName().toString());
    // a unique name created here rather than createTempFile, whose owner-only permissions would stay on the file
    Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        OutputStream os = Channels.newOutputStream(ch);
        content.write(os);
        os.flush();
        ch.force(true);
      }
      long size = Files.size(tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      forceDirectory(dir);
      return size;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static final java.time.Instant STARTED = ProcessHandle.current().info().startInstant()
      .orElse(java.time.Instant.now());

  /**
   * Removes what an interrupted write to the same target left (a process killed while writing): temporary files
   * of its name pattern last modified before this process started, so never one a write of this process is using.
   */
  private static void removeStaleTemporaries(Path dir, String name) {
    String prefix = "." + name + ".";
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.endsWith(".tmp")
            && n.substring(prefix.length(), n.length() - 4).matches("[0-9a-f]{1,16}")
            && Files.getLastModifiedTime(p).toInstant().isBefore(STARTED)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException ignored) {
      // a leftover stays until the next write
    }
  }

  /**
   * Forces a folder's entries (new names, renames) to disk, where the file system allows opening a folder.
   *
   * @param dir the folder
   */
  public static void forceDirectory(Path dir) {
    // makes the rename itself durable; not all file systems allow opening a folder
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // best effort
    }
  }
}
