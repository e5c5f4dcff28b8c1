package io.embedkit.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AtomicFiles;
import io.embedkit.index.store.Texmex;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vector file formats of the command line: TEXMEX {@code .fvecs} / {@code .ivecs} (per row an int32
 * little-endian dimension, then the values) and {@code .jsonl} (one {@code {"id": ..., "vector": [...]}} per
 * line, with the item's string fields and, when known, {@code "space": {"name", "dimension", "normalized",
 * "metric", "fingerprint"}}). Files are written to a temporary file and renamed, so a failure leaves an old file intact.
 */
public final class VectorFiles {
  private VectorFiles() {}

  /**
   * Vectors with their ids, optional string fields (e.g. the embedded text) kept as index metadata, and the
   * embedding space they come from when known.
   *
   * @param ids one id per vector
   * @param vectors the vectors
   * @param fields per vector, its other string fields; empty maps when there are none
   * @param space the space of the model that made them, or null (e.g. for {@code .fvecs})
   */
  public record Labeled(List<String> ids, List<float[]> vectors, List<java.util.Map<String, Object>> fields,
      EmbeddingSpace space) {
    /**
     * Returns vectors of an unknown space.
     *
     * @param ids one id per vector
     * @param vectors the vectors
     * @param fields per vector, its other string fields
     */
    public Labeled(List<String> ids, List<float[]> vectors, List<java.util.Map<String, Object>> fields) {
      this(ids, vectors, fields, null);
    }

    /**
     * Returns vectors without extra fields.
     *
     * @param ids one id per vector
     * @param vectors the vectors
     */
    public Labeled(List<String> ids, List<float[]> vectors) {
      this(ids, vectors, java.util.Collections.nCopies(ids.size(), java.util.Map.of()));
    }
  }

  /**
   * Reads {@code .fvecs} (ids are 0-based row numbers) or {@code .jsonl}.
   *
   * @param file the file
   * @return the vectors
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the file and the row for malformed content
   */
  public static Labeled read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * Reads {@code .fvecs} or {@code .jsonl}, optionally accepting {@code .jsonl} lines of different embedding
   * spaces (the first line's space is reported).
   *
   * @param file the file
   * @param allowSpaceMismatch whether lines of different spaces are accepted
   * @return the vectors
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the file and the row for malformed content
   */
  public static Labeled read(Path file, boolean allowSpaceMismatch) throws IOException {
    return read(file, allowSpaceMismatch, OnDuplicate.ERROR);
  }

  /**
   * Reads {@code .fvecs} or {@code .jsonl}, with a choice for ids repeated in a {@code .jsonl} file.
   *
   * @param file the file
   * @param allowSpaceMismatch whether lines of different spaces are accepted
   * @param onDuplicate what to do with an id on two lines
   * @return the vectors
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the file and the row for malformed content
   */
  static Labeled read(Path file, boolean allowSpaceMismatch, OnDuplicate onDuplicate) throws IOException {
    TextLines.requireReadable(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".fvecs")) {
      List<float[]> v = readFvecs(file);
      List<String> ids = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        ids.add(Integer.toString(i));
      }
      return new Labeled(ids, v);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return readJsonl(file, allowSpaceMismatch, onDuplicate);
    }
    throw new InvalidInputException(file + ": unknown vector format; use .fvecs or .jsonl");
  }

  /**
   * Writes vectors as {@code .fvecs} or {@code .jsonl}, chosen by the file's ending.
   *
   * @param file the file
   * @param data the vectors and their ids
   * @throws IOException if writing fails
   */
  public static void write(Path file, Labeled data) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".fvecs")) {
      writeFvecs(file, data.vectors());
    } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      writeJsonl(file, data);
    } else {
      throw new InvalidInputException(file + ": unknown vector format; use .fvecs or .jsonl");
    }
  }

  /** Takes vectors, in order, while a vector file is written. */
  interface Sink {
    /**
     * Writes vectors with their ids and fields.
     *
     * @param data the next vectors (its space is ignored: the stream's is written)
     * @throws IOException if writing fails
     */
    void write(Labeled data) throws IOException;
  }

  /** Produces the vectors of a streamed vector file. */
  interface Producer {
    /**
     * Hands every vector to the sink, in order.
     *
     * @param sink where they go
     * @throws IOException if reading or writing fails
     */
    void produce(Sink sink) throws IOException;
  }

  /**
   * Writes a vector file ({@code .fvecs} or {@code .jsonl}) as its vectors are produced, in bounded memory and
   * atomically: if the producer fails, the file is as it was and no temporary file remains.
   *
   * @param file the file
   * @param space the space written into every {@code .jsonl} line
   * @param producer hands the vectors over in order
   * @return how many vectors were written
   * @throws IOException if writing fails
   * @throws InvalidInputException for an unknown file ending
   */
  static long stream(Path file, EmbeddingSpace space, Producer producer) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean fvecs = name.endsWith(".fvecs");
    if (!fvecs && !name.endsWith(".jsonl") && !name.endsWith(".json")) {
      throw new InvalidInputException(file + ": unknown vector format; use .fvecs or .jsonl");
    }
    long[] count = {0};
    atomically(file, out -> {
      java.io.Writer w = fvecs ? null : new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
      producer.produce(data -> {
        if (fvecs) {
          for (float[] v : data.vectors()) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * v.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(v.length);
            b.asFloatBuffer().put(v);
            out.write(b.array());
          }
        } else {
          writeJsonl(w, new Labeled(data.ids(), data.vectors(), data.fields(), space));
        }
        count[0] += data.ids().size();
      });
      if (w != null) {
        w.flush();
      }
    });
    return count[0];
  }

  /**
   * Reads a TEXMEX {@code .fvecs} file.
   *
   * @param file the file
   * @return its rows
   * @throws IOException if reading fails
   */
  public static List<float[]> readFvecs(Path file) throws IOException {
    return Texmex.readFvecs(file);
  }

  /**
   * Reads a TEXMEX {@code .ivecs} file (e.g. ground-truth neighbour ids).
   *
   * @param file the file
   * @return its rows
   * @throws IOException if reading fails
   */
  public static List<int[]> readIvecs(Path file) throws IOException {
    return Texmex.readIvecs(file);
  }

  /**
   * Writes a TEXMEX {@code .fvecs} file atomically.
   *
   * @param file the file
   * @param vectors the rows
   * @throws IOException if writing fails
   */
  public static void writeFvecs(Path file, List<float[]> vectors) throws IOException {
    Texmex.writeFvecs(file, vectors);
  }

  /**
   * Writes a TEXMEX {@code .ivecs} file atomically.
   *
   * @param file the file
   * @param rows the rows
   * @throws IOException if writing fails
   */
  public static void writeIvecs(Path file, List<int[]> rows) throws IOException {
    Texmex.writeIvecs(file, rows);
  }

  /** What to do with an id that appears on two lines of a {@code .jsonl} file. */
  enum OnDuplicate {
    /** Refuse the file, naming both lines (the default). */
    ERROR,
    /** Keep the first line's vector. */
    FIRST,
    /** Keep the last line's vector. */
    LAST
  }

  private static Labeled readJsonl(Path file, boolean allowSpaceMismatch) throws IOException {
    return readJsonl(file, allowSpaceMismatch, OnDuplicate.ERROR);
  }

  private static Labeled readJsonl(Path file, boolean allowSpaceMismatch, OnDuplicate onDuplicate)
      throws IOException {
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    java.util.Map<String, Long> lineOf = new java.util.HashMap<>();
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<java.util.Map<String, Object>> fields = new ArrayList<>();
    EmbeddingSpace space = null;
    long spaceLine = 0;
    try (TextLines r = new TextLines(file, TextLines.MAX_JSONL_LINE)) {
      String line;
      long lineNo = 0;
      while ((line = r.next()) != null) {
        lineNo = r.lineNumber();
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonObject o = JsonParser.parseString(line).getAsJsonObject();
          JsonElement id = o.get("id");
          JsonArray arr = o.getAsJsonArray("vector");
          if (id == null || arr == null) {
            throw new InvalidInputException(file + ": line " + lineNo + " lacks \"id\" or \"vector\"");
          }
          if (arr.size() > io.embedkit.core.Checks.MAX_DIMENSION) {
            throw new InvalidInputException(file + ": line " + lineNo + " has a vector of " + arr.size()
                + " numbers; dimensions are 1 to " + io.embedkit.core.Checks.MAX_DIMENSION);
          }
          float[] v = new float[arr.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = arr.get(i).getAsFloat();
          }
          EmbeddingSpace lineSpace = o.has("space") && o.get("space").isJsonObject()
              ? space(o.getAsJsonObject("space"), file, lineNo) : null;
          if (vectors.isEmpty()) {
            space = lineSpace;
            spaceLine = lineNo;
          } else if (!sameSpace(space, lineSpace) && !allowSpaceMismatch) {
            throw new InvalidInputException(file + ": line " + lineNo + " holds a vector of "
                + (lineSpace == null ? "no known space" : "space " + lineSpace) + ", line " + spaceLine + " of "
                + (space == null ? "no known space" : "space " + space) + ": embed all items with one model");
          }
          if (!vectors.isEmpty() && v.length != vectors.get(0).length) {
            throw new InvalidInputException(file + ": line " + lineNo + " has dimension " + v.length
                + ", the first vector has " + vectors.get(0).length);
          }
          java.util.Map<String, Object> extra = new java.util.TreeMap<>();
          for (java.util.Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!e.getKey().equals("id") && !e.getKey().equals("vector") && e.getValue().isJsonPrimitive()) {
              extra.put(e.getKey(), typed(e.getValue().getAsJsonPrimitive()));
            }
          }
          String key = id.getAsString();
          Integer before = seen.get(key);
          if (before != null) {
            if (onDuplicate == OnDuplicate.ERROR) {
              throw new InvalidInputException(file + ": id '" + key + "' is on line " + lineOf.get(key)
                  + " and again on line " + lineNo + "; give every item its own id, or choose which to keep"
                  + " with --on-duplicate first|last");
            }
            if (onDuplicate == OnDuplicate.LAST) {
              vectors.set(before, v);
              fields.set(before, extra);
            }
            continue;
          }
          seen.put(key, ids.size());
          lineOf.put(key, lineNo);
          ids.add(key);
          vectors.add(v);
          fields.add(extra);
        } catch (RuntimeException e) {
          if (e instanceof InvalidInputException) {
            throw e;
          }
          throw new InvalidInputException(file + ": line " + lineNo + " is not a vector object: " + e.getMessage());
        }
      }
    }
    return new Labeled(ids, vectors, fields, space);
  }

  private static boolean sameSpace(EmbeddingSpace a, EmbeddingSpace b) {
    return a == null ? b == null : a.isCompatibleWith(b);
  }

  private static EmbeddingSpace space(JsonObject o, Path file, long lineNo) {
    try {
      JsonElement fp = o.get("fingerprint");
      return new EmbeddingSpace(o.get("name").getAsString(), o.get("dimension").getAsInt(),
          o.get("normalized").getAsBoolean(), Metric.parse(o.get("metric").getAsString()),
          fp == null || fp.isJsonNull() ? null : fp.getAsString());
    } catch (RuntimeException e) {
      throw new InvalidInputException(file + ": line " + lineNo + " has a malformed \"space\": " + o);
    }
  }

  private static JsonObject spaceJson(EmbeddingSpace s) {
    JsonObject o = new JsonObject();
    o.addProperty("name", s.name());
    o.addProperty("dimension", s.dimension());
    o.addProperty("normalized", s.normalized());
    o.addProperty("metric", s.metric().name().toLowerCase(Locale.ROOT));
    if (s.fingerprint() != null) {
      o.addProperty("fingerprint", s.fingerprint());
    }
    return o;
  }

  /** Writes through {@link AtomicFiles}: the target is replaced only when complete and on disk. */
  private static void atomically(Path file, AtomicFiles.Content body) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
      body.write(buffered);
      buffered.flush();
    });
  }

  /** A JSON field as metadata: numbers written without a point or exponent are longs, others doubles. */
  private static Object typed(com.google.gson.JsonPrimitive p) {
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (!p.isNumber()) {
      return p.getAsString();
    }
    return io.embedkit.core.Metadata.number(p.getAsString());
  }

  private static void writeJsonl(Path file, Labeled data) throws IOException {
    atomically(file, raw -> writeJsonl(new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8), data));
  }

  private static void writeJsonl(java.io.Writer w, Labeled data) throws IOException {
    String spaceText = data.space() == null ? null : spaceJson(data.space()).toString();
    for (int i = 0; i < data.ids().size(); i++) {
      JsonObject o = new JsonObject();
      o.addProperty("id", data.ids().get(i));
      data.fields().get(i).forEach((k, value) -> {
        if (value instanceof Number n) {
          o.addProperty(k, n);
        } else if (value instanceof Boolean b) {
          o.addProperty(k, b);
        } else {
          o.addProperty(k, value.toString());
        }
      });
      String head = o.toString();
      w.write(head, 0, head.length() - 1);
      w.write(",\"vector\":[");
      float[] v = data.vectors().get(i);
      for (int d = 0; d < v.length; d++) {
        if (d > 0) {
          w.write(',');
        }
        w.write(Float.toString(v[d])); // shortest text that reads back to the same float
      }
      w.write(']');
      if (spaceText != null) {
        w.write(",\"space\":");
        w.write(spaceText);
      }
      w.write("}\n");
    }
    w.flush();
  }

  /**
   * Reads a UTF-8 text file as one item per line (a final newline adds no item), each at most
   * {@link TextLines#MAX_TEXT_LINE} characters.
   *
   * @param file the file
   * @return the lines
   * @throws IOException if reading fails
   * @throws InvalidInputException naming the line that is too long or not UTF-8
   */
  public static List<String> readLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (TextLines in = new TextLines(file, TextLines.MAX_TEXT_LINE)) {
      String line;
      while ((line = in.next()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }
}
