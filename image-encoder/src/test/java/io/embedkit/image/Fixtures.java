package io.embedkit.image;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The files tools/fixtures/make_images.py wrote under src/test/resources. */
final class Fixtures {
  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name + " (run tools/fixtures/make_images.py)", e);
    }
  }

  static Path image(String name) {
    return resource("images/" + name);
  }

  static JsonObject json(String name) {
    try {
      return JsonParser.parseString(Files.readString(resource(name))).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject index() {
    return json("reference/index.json");
  }

  /** A reference array: the gzip file {@code index.json} names for an image and a kind (rgb, resnet, clip). */
  static byte[] reference(String image, String kind) {
    JsonObject entry = index().getAsJsonObject("images").getAsJsonObject(image);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(resource("reference/"
        + entry.get(kind).getAsString())))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean hasReference(String image, String kind) {
    return index().getAsJsonObject("images").getAsJsonObject(image).has(kind);
  }
}
