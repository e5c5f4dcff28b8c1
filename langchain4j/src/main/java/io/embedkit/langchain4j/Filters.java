package io.embedkit.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import io.embedkit.core.Filter;
import java.util.LinkedHashMap;
import java.util.Map;

/** LangChain4j's filters as embedkit's, so indexes apply them during the search (Solr as filter queries). */
final class Filters {
  private Filters() {}

  static Filter translate(dev.langchain4j.store.embedding.filter.Filter f) {
    if (f instanceof IsEqualTo c) {
      return Filter.eq(c.key(), c.comparisonValue());
    }
    if (f instanceof IsNotEqualTo c) {
      return Filter.ne(c.key(), c.comparisonValue());
    }
    if (f instanceof IsGreaterThan c) {
      return Filter.gt(c.key(), c.comparisonValue());
    }
    if (f instanceof IsGreaterThanOrEqualTo c) {
      return Filter.gte(c.key(), c.comparisonValue());
    }
    if (f instanceof IsLessThan c) {
      return Filter.lt(c.key(), c.comparisonValue());
    }
    if (f instanceof IsLessThanOrEqualTo c) {
      return Filter.lte(c.key(), c.comparisonValue());
    }
    if (f instanceof IsIn c) {
      return Filter.in(c.key(), c.comparisonValues());
    }
    if (f instanceof IsNotIn c) {
      return Filter.notIn(c.key(), c.comparisonValues());
    }
    if (f instanceof ContainsString c) {
      return Filter.containsString(c.key(), c.comparisonValue());
    }
    if (f instanceof And a) {
      return translate(a.left()).and(translate(a.right()));
    }
    if (f instanceof Or o) {
      return translate(o.left()).or(translate(o.right()));
    }
    if (f instanceof Not n) {
      return translate(n.expression()).negate();
    }
    // a filter of the application's own: LangChain4j evaluates it on each item's metadata
    return (id, meta) -> f.test(toLangChain4j(meta));
  }

  /** embedkit metadata as LangChain4j's, which has no booleans: those become "true" / "false". */
  static Metadata toLangChain4j(Map<String, Object> meta) {
    Map<String, Object> m = new LinkedHashMap<>();
    meta.forEach((k, v) -> m.put(k, v instanceof Boolean ? v.toString() : v));
    return Metadata.from(m);
  }
}
