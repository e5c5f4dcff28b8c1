package io.embedkit.solr;

import io.embedkit.core.Filter;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns filters built from {@link Filter}'s factories into Solr filter queries. */
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
    if (filter instanceof Filter.MetadataEquals m) {
      String field = SolrVectorIndex.metaField(m.key());
      return Optional.of(m.value() == null ? "(*:* -" + field + ":[* TO *])"
          : field + ":" + SolrVectorIndex.escape(m.value()));
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
