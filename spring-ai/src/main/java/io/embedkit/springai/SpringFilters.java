package io.embedkit.springai;

import io.embedkit.core.Filter;
import io.embedkit.core.InvalidInputException;
import java.util.Collection;
import java.util.List;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/** Spring AI's filter expressions as embedkit's filters, which indexes apply during the search. */
final class SpringFilters {
  private SpringFilters() {}

  static Filter translate(Operand operand) {
    if (operand instanceof Group g) {
      return translate(g.content());
    }
    if (!(operand instanceof Expression e)) {
      throw new InvalidInputException("filter operand " + operand + " is not an expression");
    }
    switch (e.type()) {
      case AND:
        return translate(e.left()).and(translate(e.right()));
      case OR:
        return translate(e.left()).or(translate(e.right()));
      case NOT:
        return translate(e.left()).negate();
      case ISNULL: {
        String key = key(e.left());
        return (id, meta) -> !meta.containsKey(key);
      }
      case ISNOTNULL: {
        String key = key(e.left());
        return (id, meta) -> meta.containsKey(key);
      }
      default:
        break;
    }
    String key = key(e.left());
    Object value = e.right() instanceof Value v ? v.value() : null;
    switch (e.type()) {
      case EQ:
        return Filter.eq(key, value);
      case NE:
        return Filter.ne(key, value);
      case GT:
        return Filter.gt(key, value);
      case GTE:
        return Filter.gte(key, value);
      case LT:
        return Filter.lt(key, value);
      case LTE:
        return Filter.lte(key, value);
      case IN:
        return Filter.in(key, list(value));
      case NIN:
        return Filter.notIn(key, list(value));
      default:
        throw new InvalidInputException("filter expression type " + e.type() + " is not supported");
    }
  }

  /** A key as the text parser gives it: quotes around a quoted key are not part of it. */
  private static String key(Operand operand) {
    if (!(operand instanceof Key k)) {
      throw new InvalidInputException("filter operand " + operand + " is not a metadata key");
    }
    String key = k.key();
    if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"' || key.charAt(0) == '`')
        && key.charAt(key.length() - 1) == key.charAt(0)) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  private static Collection<?> list(Object value) {
    return value instanceof Collection<?> c ? c : List.of(value);
  }
}
