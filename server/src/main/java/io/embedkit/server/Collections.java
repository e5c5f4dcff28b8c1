package io.embedkit.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AtomicFiles;
import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The collections under the data folder: one folder each, holding collection.json, the snapshot and the log. */
final class Collections implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private final Path dataDir;
  private final Map<String, ServedModel> models;
  private final Map<String, Collection> open = new ConcurrentHashMap<>();

  Collections(Path dataDir, Map<String, ServedModel> models) throws IOException {
    this.dataDir = dataDir;
    this.models = models;
    Files.createDirectories(dataDir);
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("collection.json"))).sorted().toList()) {
        String name = d.getFileName().toString();
        Collection.Config config = Collection.Config.of(JsonParser.parseString(Files.readString(
            d.resolve("collection.json"))).getAsJsonObject());
        ServedModel model = models.get(config.model());
        if (model == null) {
          throw new InvalidInputException("collection '" + name + "' in " + dataDir + " needs the model '"
              + config.model() + "', which is not served: add --model " + config.model() + "=SRC");
        }
        open.put(name, Collection.open(name, d, config, model.space()));
      }
    }
  }

  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("name", "a collection name is 1 to 64 letters, digits, '_' or '-', was '"
          + name + "'");
    }
    return name;
  }

  Collection get(String name) {
    Collection c = open.get(checkName(name));
    if (c == null) {
      throw new ApiException(404, "invalid_request_error", "name", "collection_not_found", "no collection '"
          + name + "'");
    }
    return c;
  }

  boolean exists(String name) {
    return open.containsKey(name);
  }

  /** Creates a collection, or returns the existing one when its configuration is the same. */
  synchronized Collection create(String name, Collection.Config config) throws IOException {
    checkName(name);
    Collection existing = open.get(name);
    if (existing != null) {
      if (!existing.config.equals(config)) {
        throw new ApiException(409, "invalid_request_error", "name", "collection_exists", "collection '" + name
            + "' exists with " + existing.config.json() + "; delete it first to change it");
      }
      return existing;
    }
    ServedModel model = models.get(config.model());
    Path dir = dataDir.resolve(name);
    Files.createDirectories(dir);
    byte[] json = config.json().toString().getBytes(StandardCharsets.UTF_8);
    Collection c = Collection.open(name, dir, config, model.space());
    AtomicFiles.write(dir.resolve("collection.json"), out -> out.write(json)); // last: the folder is complete
    open.put(name, c);
    return c;
  }

  synchronized boolean delete(String name) throws IOException {
    Collection c = open.remove(checkName(name));
    if (c == null) {
      return false;
    }
    c.discard();
    Path dir = dataDir.resolve(name);
    Files.delete(dir.resolve("collection.json")); // first: a half-deleted folder is no collection
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    return true;
  }

  List<JsonObject> describe() {
    List<JsonObject> out = new ArrayList<>();
    open.keySet().stream().sorted().forEach(n -> out.add(open.get(n).describe()));
    return out;
  }

  @Override
  public void close() {
    for (Collection c : open.values()) {
      try {
        c.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
