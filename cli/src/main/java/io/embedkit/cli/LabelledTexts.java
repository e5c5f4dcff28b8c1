package io.embedkit.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Texts with optional labels from a CSV file (a header row naming the columns; Apache Commons CSV) or a JSONL file
 * (one object per line): a text column and, when asked, a label column. Ids are the {@code "id"} column (JSONL:
 * also {@code "_id"}) where there is one, else the data row numbers from 1.
 *
 * @param ids one id per row
 * @param texts one text per row
 * @param labels one label per row, or null when no label column is asked for
 */
record LabelledTexts(List<String> ids, List<String> texts, List<String> labels) {
  static boolean isTable(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".csv") || n.endsWith(".jsonl");
  }

  static LabelledTexts read(Path file, String textColumn, String labelColumn) throws IOException {
    TextLines.requireReadable(file);
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
        ? csv(file, textColumn, labelColumn) : jsonl(file, textColumn, labelColumn);
  }

  private static LabelledTexts csv(Path file, String textColumn, String labelColumn) throws IOException {
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> labels = labelColumn == null ? null : new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(r, format)) {
      List<String> header = p.getHeaderNames();
      require(header.contains(textColumn), file, "has no column \"" + textColumn + "\" (columns: " + header + ")");
      require(labelColumn == null || header.contains(labelColumn), file, "has no label column \"" + labelColumn
          + "\" (columns: " + header + ")");
      for (CSVRecord rec : p) {
        long row = rec.getRecordNumber();
        require(rec.isConsistent(), file, "row " + row + " has " + rec.size() + " fields, the header " + header.size());
        ids.add(header.contains("id") && !rec.get("id").isBlank() ? rec.get("id") : Long.toString(row));
        texts.add(rec.get(textColumn));
        if (labels != null) {
          String l = rec.get(labelColumn);
          require(!l.isBlank(), file, "row " + row + " has an empty \"" + labelColumn + "\"");
          labels.add(l);
        }
      }
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      throw new InvalidInputException(file + ": not a CSV file this reads (" + e.getMessage() + ")");
    }
    require(!texts.isEmpty(), file, "holds no rows");
    return new LabelledTexts(ids, texts, labels);
  }

  private static LabelledTexts jsonl(Path file, String textColumn, String labelColumn) throws IOException {
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> labels = labelColumn == null ? null : new ArrayList<>();
    JsonLines.forEach(file, (n, o) -> {
      JsonElement id = o.has("id") ? o.get("id") : o.get("_id");
      ids.add(id != null && id.isJsonPrimitive() ? id.getAsString() : Integer.toString(n));
      texts.add(string(o, textColumn, file, n));
      if (labels != null) {
        labels.add(string(o, labelColumn, file, n));
      }
    });
    require(!texts.isEmpty(), file, "holds no lines");
    return new LabelledTexts(ids, texts, labels);
  }

  private static String string(JsonObject o, String key, Path file, int line) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || e.getAsString().isBlank()) {
      throw new InvalidInputException(file + " line " + line + ": no \"" + key + "\" string");
    }
    return e.getAsString();
  }

  private static void require(boolean ok, Path file, String problem) {
    if (!ok) {
      throw new InvalidInputException(file + " " + problem);
    }
  }
}
