package io.embedkit.solr;

import io.embedkit.core.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns filters built from {@link Filter}'s factories into Solr filter queries over the typed metadata fields
 * ({@link SolrVectorIndex#metaField}): strings compare as strings, longs and doubles as doubles (a long beyond
 * 2^53 compares at double precision), booleans by equality; {@code !=} and {@code notIn} accept documents
 * without the field, as {@link Filter} does.
 */
final class FilterQueries {
  private FilterQueries() {}

  /**
   * Returns the filter query, empty when the filter is not built from the factories (it is then applied to
   * the hits); an empty string accepts everything.
   */
  static Optional<String> translate(Filter filter) {
    if (filter instanceof Filter.All) {
      return Optional.of("");
    }
    if (filter instanceof Filter.Comparison c) {
      return Optional.of(comparison(c));
    }
    if (filter instanceof Filter.In in) {
      return Optional.of(anyOf(in.key(), in.values()));
    }
    if (filter instanceof Filter.NotIn notIn) {
      return Optional.of("(*:* -" + anyOf(notIn.key(), notIn.values()) + ")");
    }
    if (filter instanceof Filter.ContainsString c) {
      return Optional.of(SolrVectorIndex.metaField(c.key(), "") + ":*" + wildcardEscape(c.part()) + "*");
    }
    if (filter instanceof Filter.IdIn in) {
      return Optional.of(in.ids().isEmpty() ? "(-*:*)" : "id:(" + in.ids().stream().sorted()
          .map(SolrVectorIndex::escape).collect(Collectors.joining(" OR ")) + ")");
    }
    if (filter instanceof Filter.And a) {
      return both(a.left(), a.right(), " AND ");
    }
    if (filter instanceof Filter.Or o) {
      return both(o.left(), o.right(), " OR ");
    }
    if (filter instanceof Filter.Not n) {
      return translate(n.filter()).map(q -> q.isEmpty() ? "(-*:*)" : "(*:* -(" + q + "))");
    }
    return Optional.empty();
  }

  private static String comparison(Filter.Comparison c) {
    String field = SolrVectorIndex.metaField(c.key(), c.value());
    String v = term(c.value());
    switch (c.op()) {
      case EQ:
        return field + ":" + v;
      case NE:
        return "(*:* -" + field + ":" + v + ")";
      case GT:
        return field + ":{" + v + " TO *]";
      case GTE:
        return field + ":[" + v + " TO *]";
      case LT:
        return field + ":[* TO " + v + "}";
      default:
        return field + ":[* TO " + v + "]";
    }
  }

  private static String anyOf(String key, java.util.Set<Object> values) {
    List<String> terms = new ArrayList<>();
    for (Object v : values) {
      terms.add(SolrVectorIndex.metaField(key, v) + ":" + term(v));
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  /** A value as a query term: strings quoted, numbers as doubles, booleans as they are. */
  private static String term(Object v) {
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (v instanceof Number n) {
      String d = Double.toString(n.doubleValue());
      return d.startsWith("-") ? "\\" + d : d;
    }
    return v.toString();
  }

  private static String wildcardEscape(String s) {
    return SolrVectorIndex.escape(s); // escapes * ? and the query syntax; the surrounding * stay wildcards
  }

  private static Optional<String> both(Filter left, Filter right, String op) {
    Optional<String> l = translate(left);
    Optional<String> r = translate(right);
    if (l.isEmpty() || r.isEmpty()) {
      return Optional.empty();
    }
    String a = l.get().isEmpty() ? "*:*" : l.get();
    String b = r.get().isEmpty() ? "*:*" : r.get();
    return Optional.of("(" + a + op + b + ")");
  }
}
