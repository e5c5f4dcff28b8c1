package io.embedkit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder of a store with a vector index and a keyword index (what {@link EmbeddingStore#save} writes for
 * such a store), saved as a pair that changes atomically: each
 * save writes a new generation folder ({@code g-N/vectors.idx}, {@code g-N/keyword/}), forces it to disk, then
 * atomically replaces {@code CURRENT}, which names the generation to read, and only then removes older
 * generations. A crash at any point leaves {@code CURRENT} naming a complete pair.
 */
public final class StoreFolder {
  static final String CURRENT = "CURRENT";
  static final String VECTORS = "vectors.idx";
  static final String KEYWORD = "keyword";
  private static final String MAGIC = "embedkit-store 1";
  private static final Pattern GENERATION = Pattern.compile("g-(\\d{1,18})");

  private StoreFolder() {}

  /**
   * The two indexes of a store folder.
   *
   * @param vectors the vector index
   * @param keywords the keyword index
   */
  public record Pair(VectorIndex vectors, KeywordIndex keywords) implements AutoCloseable {
    @Override
    public void close() {
      try {
        vectors.close();
      } finally {
        keywords.close();
      }
    }
  }

  /**
   * Returns whether a path is a store folder.
   *
   * @param path a file or folder
   * @return true if it is a folder holding a {@code CURRENT} file
   */
  public static boolean isStoreFolder(Path path) {
    return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CURRENT));
  }

  /**
   * Saves both indexes as the folder's next generation, then makes it the current one.
   *
   * @param dir the folder, created if needed
   * @param vectors the vector index
   * @param keywords the keyword index
   * @throws IOException if writing fails; the previous pair is then still the current one
   */
  public static void save(Path dir, VectorIndex vectors, KeywordIndex keywords) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + " is a file; a store with a keyword index is saved as a folder");
    }
    Files.createDirectories(dir);
    long next = 1;
    for (Path g : generations(dir)) {
      next = Math.max(next, number(g) + 1);
    }
    String name = "g-" + next;
    Path gen = dir.resolve(name);
    boolean done = false;
    try {
      Files.createDirectory(gen);
      vectors.save(gen.resolve(VECTORS));
      keywords.save(gen.resolve(KEYWORD));
      AtomicFiles.forceDirectory(gen);
      AtomicFiles.forceDirectory(dir);
      AtomicFiles.write(dir.resolve(CURRENT),
          out -> out.write((MAGIC + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8)));
      done = true;
    } finally {
      if (!done) {
        deleteQuietly(gen);
      }
    }
    for (Path g : generations(dir)) {
      if (!g.getFileName().toString().equals(name)) {
        deleteQuietly(g);
      }
    }
  }

  /**
   * Opens the current pair of a store folder with the loaders on the classpath.
   *
   * @param dir the folder
   * @return both indexes; the caller closes them
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if {@code CURRENT} or an index is damaged
   */
  public static Pair load(Path dir) throws IOException {
    Path generation = current(dir);
    VectorIndex vectors = IndexLoader.loadAny(generation.resolve(VECTORS));
    try {
      return new Pair(vectors, KeywordIndexLoader.loadAny(generation.resolve(KEYWORD)));
    } catch (IOException | RuntimeException e) {
      vectors.close();
      throw e;
    }
  }

  /** Returns the generation folder {@code CURRENT} names. */
  static Path current(Path dir) throws IOException {
    Path current = dir.resolve(CURRENT);
    List<String> lines;
    try {
      lines = Files.readAllLines(current, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IndexCorruptedException(current, "is not a store's CURRENT file");
    }
    if (lines.size() != 2 || !lines.get(0).equals(MAGIC) || !GENERATION.matcher(lines.get(1)).matches()) {
      throw new IndexCorruptedException(current, "is not a store's CURRENT file");
    }
    Path gen = dir.resolve(lines.get(1));
    if (!Files.isRegularFile(gen.resolve(VECTORS))) {
      throw new IndexCorruptedException(current, "names " + lines.get(1) + ", which holds no " + VECTORS);
    }
    return gen;
  }

  private static List<Path> generations(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> GENERATION.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
          .toList();
    }
  }

  private static long number(Path generation) {
    Matcher m = GENERATION.matcher(generation.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // an unreferenced generation left behind is removed by the next save
    }
  }
}
