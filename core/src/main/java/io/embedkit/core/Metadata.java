package io.embedkit.core;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The metadata values an item may carry, and how they compare. A value is a {@link String}, {@link Long},
 * {@link Double} or {@link Boolean}; other values are converted when they are added: {@code Integer},
 * {@code Short} and {@code Byte} to {@code Long}, {@code Float} to the {@code Double} of the same value, a
 * {@link UUID} to its string. Anything else, null and non-finite numbers are refused.
 *
 * <pre>{@code
 * Map<String, Object> meta = Metadata.of("doc-1", Map.of("lang", "en", "year", 2021, "score", 0.5f));
 * // {lang=en, year=2021L, score=0.5d}
 * }</pre>
 */
public final class Metadata {
  private Metadata() {}

  /**
   * Checks and converts an item's metadata.
   *
   * @param id the item's id, for messages
   * @param metadata its metadata
   * @return an immutable copy with converted values, in the given order
   * @throws InvalidInputException if it is null or holds a null key, a blank key or an unusable value
   */
  public static Map<String, Object> of(String id, Map<String, ?> metadata) {
    if (metadata == null) {
      throw new InvalidInputException("metadata for id '" + id + "' must not be null (use Map.of())");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new InvalidInputException(
            "metadata for id '" + id + "' holds a null key or value: " + e.getKey() + "=" + e.getValue());
      }
      out.put(e.getKey(), value(e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Converts one value.
   *
   * @param key its key, for messages
   * @param value the value
   * @return a String, Long, Double or Boolean
   * @throws InvalidInputException for null, a non-finite number or a type that is none of the above
   */
  public static Object value(String key, Object value) {
    if (value instanceof String || value instanceof Long || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new InvalidInputException("metadata '" + key + "' is " + d + ": numbers must be finite");
      }
      return d;
    }
    if (value instanceof UUID) {
      return value.toString();
    }
    throw new InvalidInputException("metadata '" + key + "' is " + (value == null ? "null" : "a "
        + value.getClass().getName()) + ": values are strings, numbers (long, double) or booleans");
  }

  /**
   * Reads a number written in text (JSON, a file) as a metadata value: a long when it is written without a
   * point or an exponent and fits one, else a double.
   *
   * @param raw the number's text, e.g. {@code 2021} or {@code 0.5}
   * @return a Long or a Double
   * @throws NumberFormatException if it is not a number
   */
  public static Object number(String raw) {
    if (raw.indexOf('.') < 0 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0) {
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException e) {
        // beyond a long: a double
      }
    }
    return Double.parseDouble(raw);
  }

  /**
   * Converts a non-empty collection of values.
   *
   * @param key their key, for messages
   * @param values the values
   * @return an immutable set of converted values, in the given order
   * @throws InvalidInputException if it is empty or holds an unusable value
   */
  public static Set<Object> values(String key, Collection<?> values) {
    if (values == null || values.isEmpty()) {
      throw new InvalidInputException("filter on '" + key + "': the list of values must not be empty");
    }
    Set<Object> out = new LinkedHashSet<>();
    for (Object v : values) {
      out.add(value(key, v));
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Returns whether two values are equal: numbers by value (a long and a double too), others by equality.
   *
   * @param a one value
   * @param b the other
   * @return true if equal
   */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y) == 0;
    }
    return a.equals(b);
  }

  /**
   * Compares two values of the same kind: numbers numerically, strings lexicographically.
   *
   * @param a one value
   * @param b the other
   * @return negative, zero or positive; null when they do not compare (other kinds, booleans)
   */
  public static Integer compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    return null;
  }

  static boolean containsSame(Set<Object> values, Object v) {
    if (values.contains(v)) {
      return true;
    }
    if (v instanceof Number) {
      for (Object w : values) {
        if (w instanceof Number && same(v, w)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int compareNumbers(Number x, Number y) {
    if (x instanceof Long a && y instanceof Long b) {
      return Long.compare(a, b);
    }
    if (x instanceof Double a && y instanceof Double b) {
      return Double.compare(a, b);
    }
    return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())); // exact across long and double
  }
}
