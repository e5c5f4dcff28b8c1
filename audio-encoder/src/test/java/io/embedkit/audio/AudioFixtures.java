package io.embedkit.audio;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The files tools/fixtures/make_audio.py wrote under src/test/resources. */
final class AudioFixtures {
  private AudioFixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(AudioFixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name + " (run tools/fixtures/make_audio.py)", e);
    }
  }

  static Path audio(String name) {
    return resource("audio/" + name);
  }

  static JsonObject index() {
    try {
      return JsonParser.parseString(Files.readString(resource("reference/index.json"))).getAsJsonObject()
          .getAsJsonObject("audio");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A float32 reference array that index.json names for an input and a kind. */
  static float[] floats(String input, String kind) {
    return floatsFile(index().getAsJsonObject(input).get(kind).getAsString());
  }

  /** A float32 little-endian gzip file under reference/. */
  static float[] floatsFile(String file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(resource("reference/" + file)))) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[b.remaining() / 4];
      b.asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
