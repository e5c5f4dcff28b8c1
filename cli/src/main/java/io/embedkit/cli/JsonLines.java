package io.embedkit.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads JSON Lines files (one object per line; UTF-8), as BEIR folders and labelled text tables hold them. */
final class JsonLines {
  private JsonLines() {}

  /** Takes one line's object. */
  interface LineHandler {
    /**
     * Takes a line.
     *
     * @param line its number, from 1
     * @param object its JSON object
     */
    void accept(int line, JsonObject object);
  }

  /** Calls the handler with each non-blank line's object; names the file and line of one that is not an object. */
  static void forEach(Path file, LineHandler handler) throws IOException {
    TextLines.requireReadable(file);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonElement e;
        try {
          e = JsonParser.parseString(line);
        } catch (RuntimeException ex) {
          throw new InvalidInputException(file + " line " + n + ": not JSON");
        }
        if (!e.isJsonObject()) {
          throw new InvalidInputException(file + " line " + n + ": not a JSON object");
        }
        handler.accept(n, e.getAsJsonObject());
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidInputException(file + ": not UTF-8 text");
    }
  }
}
