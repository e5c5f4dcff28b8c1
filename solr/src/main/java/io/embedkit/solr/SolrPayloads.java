package io.embedkit.solr;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.embedkit.core.IndexAccessException;
import io.embedkit.index.store.Payload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An item's text and typed metadata in the stored {@code metadata_json} field: {@code {"text": "...",
 * "metadata": {"lang": "en", "year": 2021, "score": 0.5, "draft": false}}}, longs written without and
 * doubles with a decimal point or exponent so the types come back. Documents written before typed metadata
 * hold a flat object of strings, read as string metadata without text.
 */
final class SolrPayloads {
  private SolrPayloads() {}

  static String toJson(Payload p) {
    JsonObject o = new JsonObject();
    if (p.text() != null) {
      o.addProperty("text", p.text());
    }
    JsonObject m = new JsonObject();
    for (Map.Entry<String, Object> e : new TreeMap<>(p.metadata()).entrySet()) {
      Object v = e.getValue();
      if (v instanceof String s) {
        m.addProperty(e.getKey(), s);
      } else if (v instanceof Boolean b) {
        m.addProperty(e.getKey(), b);
      } else {
        m.addProperty(e.getKey(), (Number) v); // a Double keeps its point or exponent ("1.0"): it reads back as one
      }
    }
    o.add("metadata", m);
    return o.toString();
  }

  static Payload fromJson(Object stored, String id) {
    if (stored == null) {
      return Payload.EMPTY;
    }
    JsonObject o;
    try {
      o = JsonParser.parseString(stored.toString()).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IndexAccessException("Solr document '" + id + "' holds unreadable metadata_json: " + e.getMessage(),
          e);
    }
    if (!(o.get("metadata") instanceof JsonObject m)) { // the string-only layout of earlier versions
      Map<String, Object> flat = new LinkedHashMap<>();
      o.entrySet().forEach(e -> flat.put(e.getKey(), e.getValue().getAsString()));
      return new Payload(null, Collections.unmodifiableMap(flat));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : m.entrySet()) {
      JsonPrimitive v = e.getValue().getAsJsonPrimitive();
      if (v.isBoolean()) {
        meta.put(e.getKey(), v.getAsBoolean());
      } else if (v.isNumber()) {
        meta.put(e.getKey(), io.embedkit.core.Metadata.number(v.getAsString()));
      } else {
        meta.put(e.getKey(), v.getAsString());
      }
    }
    JsonElement text = o.get("text");
    return new Payload(text == null || text.isJsonNull() ? null : text.getAsString(),
        Collections.unmodifiableMap(meta));
  }
}
