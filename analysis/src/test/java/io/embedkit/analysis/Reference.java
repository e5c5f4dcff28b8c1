package io.embedkit.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** analysis-reference.json, written by tools/fixtures/make_analysis.py (scikit-learn). */
final class Reference {
  static final JsonObject JSON = load();

  private Reference() {}

  private static JsonObject load() {
    try (var in = Reference.class.getResourceAsStream("/analysis-reference.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[][] matrix(String key) {
    JsonArray rows = JSON.getAsJsonArray(key);
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(rows.get(i).getAsJsonArray());
    }
    return out;
  }

  static double[] vector(String key) {
    return vector(JSON.getAsJsonArray(key));
  }

  private static double[] vector(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  static List<float[]> x() {
    List<float[]> out = new ArrayList<>();
    for (double[] row : matrix("x")) {
      float[] f = new float[row.length];
      for (int j = 0; j < f.length; j++) {
        f[j] = (float) row[j];
      }
      out.add(f);
    }
    return out;
  }
}
