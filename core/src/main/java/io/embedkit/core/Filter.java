package io.embedkit.core;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Selects which items a search may return, from their id and metadata. Indexes apply it during the
 * search, so {@code k} accepted hits are returned when that many exist.
 *
 * <p>Metadata values are strings, longs, doubles or booleans (see {@link Metadata}). Comparisons follow the
 * value's type: numbers compare numerically (a long with a double too), strings lexicographically (by UTF-16
 * code units, as {@link String#compareTo}), booleans only for (in)equality; a value of another type, or no
 * value, does not match, except that {@link Op#NE} and {@link NotIn} accept items without the key.
 *
 * <p>The factories and combinators return the records below, which a remote index (e.g. Solr) can translate
 * into its own query language; any other implementation is applied to the hits as they arrive.
 * {@link #parse} reads the same filters from text ({@code lang == 'en' && year >= 2020}).
 */
@FunctionalInterface
public interface Filter {
  /**
   * Returns whether the item may be returned.
   *
   * @param id the item's id
   * @param metadata the item's metadata, never null
   * @return true to accept the item
   */
  boolean accept(String id, Map<String, Object> metadata);

  /**
   * Returns a filter accepting every item.
   *
   * @return the filter
   */
  static Filter all() {
    return All.INSTANCE;
  }

  /**
   * Returns a filter accepting items whose metadata maps {@code key} to {@code value}.
   *
   * @param key the metadata key
   * @param value the required value (a string, number, boolean or UUID)
   * @return the filter
   */
  static Filter eq(String key, Object value) {
    return new Comparison(key, Op.EQ, value);
  }

  /**
   * Returns a filter accepting items whose metadata maps {@code key} to {@code value}; kept for callers of the
   * string-only metadata of earlier versions.
   *
   * @param key the metadata key
   * @param value the required value
   * @return the filter
   */
  static Filter metadataEquals(String key, String value) {
    return eq(key, value);
  }

  /**
   * Returns a filter accepting items without the key or with another value.
   *
   * @param key the metadata key
   * @param value the value excluded
   * @return the filter
   */
  static Filter ne(String key, Object value) {
    return new Comparison(key, Op.NE, value);
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is greater than {@code value}.
   *
   * @param key the metadata key
   * @param value the bound, a number or a string
   * @return the filter
   */
  static Filter gt(String key, Object value) {
    return new Comparison(key, Op.GT, value);
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is at least {@code value}.
   *
   * @param key the metadata key
   * @param value the bound, a number or a string
   * @return the filter
   */
  static Filter gte(String key, Object value) {
    return new Comparison(key, Op.GTE, value);
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is less than {@code value}.
   *
   * @param key the metadata key
   * @param value the bound, a number or a string
   * @return the filter
   */
  static Filter lt(String key, Object value) {
    return new Comparison(key, Op.LT, value);
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is at most {@code value}.
   *
   * @param key the metadata key
   * @param value the bound, a number or a string
   * @return the filter
   */
  static Filter lte(String key, Object value) {
    return new Comparison(key, Op.LTE, value);
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is one of {@code values}.
   *
   * @param key the metadata key
   * @param values the accepted values, not empty
   * @return the filter
   */
  static Filter in(String key, Collection<?> values) {
    return new In(key, Metadata.values(key, values));
  }

  /**
   * Returns a filter accepting items without the key or whose value is none of {@code values}.
   *
   * @param key the metadata key
   * @param values the excluded values, not empty
   * @return the filter
   */
  static Filter notIn(String key, Collection<?> values) {
    return new NotIn(key, Metadata.values(key, values));
  }

  /**
   * Returns a filter accepting items whose value for {@code key} is a string containing {@code part}.
   *
   * @param key the metadata key
   * @param part the substring, case-sensitive
   * @return the filter
   */
  static Filter containsString(String key, String part) {
    return new ContainsString(key, part);
  }

  /**
   * Returns a filter accepting only the given ids.
   *
   * @param ids the accepted ids
   * @return the filter
   */
  static Filter idIn(Collection<String> ids) {
    return new IdIn(Set.copyOf(ids));
  }

  /**
   * Reads a filter from text: comparisons {@code key == value} ({@code !=}, {@code >}, {@code >=}, {@code <},
   * {@code <=}), {@code key IN [v, ...]}, {@code key NIN [v, ...]} (or {@code NOT IN}), joined by {@code &&} /
   * {@code AND}, {@code ||} / {@code OR}, negated by {@code NOT} / {@code !}, grouped by parentheses; values are
   * quoted strings ({@code 'en'} or {@code "en"}), numbers ({@code 2020} a long, {@code 0.5} a double) and
   * {@code true} / {@code false}. The grammar is Spring AI's filter expression text.
   *
   * @param text the expression
   * @return the filter
   * @throws InvalidInputException naming the position of what cannot be read
   */
  static Filter parse(String text) {
    return FilterParser.parse(text);
  }

  /**
   * Returns a filter accepting items both filters accept.
   *
   * @param other the other filter
   * @return the conjunction
   */
  default Filter and(Filter other) {
    return new And(this, other);
  }

  /**
   * Returns a filter accepting items either filter accepts.
   *
   * @param other the other filter
   * @return the disjunction
   */
  default Filter or(Filter other) {
    return new Or(this, other);
  }

  /**
   * Returns a filter accepting the items this one rejects.
   *
   * @return the negation
   */
  default Filter negate() {
    return new Not(this);
  }

  /** Accepts every item. */
  enum All implements Filter {
    /** The only instance. */
    INSTANCE;

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return true;
    }
  }

  /** The comparison operators. */
  enum Op {
    /** Equal. */
    EQ("=="),
    /** Not equal, or no value. */
    NE("!="),
    /** Greater than. */
    GT(">"),
    /** Greater than or equal. */
    GTE(">="),
    /** Less than. */
    LT("<"),
    /** Less than or equal. */
    LTE("<=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /**
     * Returns the operator as the text syntax writes it.
     *
     * @return e.g. {@code ">="}
     */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * Accepts items whose value for a key compares with a value as the operator says.
   *
   * @param key the metadata key
   * @param op the operator
   * @param value the value compared with: a string, long, double or boolean (other numbers and UUIDs are
   *     converted as {@link Metadata} converts metadata values)
   */
  record Comparison(String key, Op op, Object value) implements Filter {
    /** Checks the key and converts the value. */
    public Comparison {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(op, "op");
      value = Metadata.value(key, value);
      if (value instanceof Boolean && op != Op.EQ && op != Op.NE) {
        throw new InvalidInputException("filter on '" + key + "': booleans compare only with == and !=");
      }
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      Object v = metadata.get(key);
      if (op == Op.NE) {
        return v == null || !Metadata.same(v, value);
      }
      if (v == null) {
        return false;
      }
      if (op == Op.EQ) {
        return Metadata.same(v, value);
      }
      Integer c = Metadata.compare(v, value);
      if (c == null) {
        return false;
      }
      switch (op) {
        case GT:
          return c > 0;
        case GTE:
          return c >= 0;
        case LT:
          return c < 0;
        default:
          return c <= 0;
      }
    }
  }

  /**
   * Accepts items whose value for a key is one of a set.
   *
   * @param key the metadata key
   * @param values the accepted values, converted as {@link Metadata} converts values
   */
  record In(String key, Set<Object> values) implements Filter {
    /** Checks and copies. */
    public In {
      Objects.requireNonNull(key, "key");
      values = Metadata.values(key, values);
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      Object v = metadata.get(key);
      return v != null && Metadata.containsSame(values, v);
    }
  }

  /**
   * Accepts items without the key or whose value is none of a set.
   *
   * @param key the metadata key
   * @param values the excluded values, converted as {@link Metadata} converts values
   */
  record NotIn(String key, Set<Object> values) implements Filter {
    /** Checks and copies. */
    public NotIn {
      Objects.requireNonNull(key, "key");
      values = Metadata.values(key, values);
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      Object v = metadata.get(key);
      return v == null || !Metadata.containsSame(values, v);
    }
  }

  /**
   * Accepts items whose value for a key is a string containing a part.
   *
   * @param key the metadata key
   * @param part the substring
   */
  record ContainsString(String key, String part) implements Filter {
    /** Checks the parts. */
    public ContainsString {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(part, "part");
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return metadata.get(key) instanceof String s && s.contains(part);
    }
  }

  /**
   * Accepts the given ids.
   *
   * @param ids the accepted ids
   */
  record IdIn(Set<String> ids) implements Filter {
    /** Copies the ids. */
    public IdIn {
      ids = Set.copyOf(ids);
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return ids.contains(id);
    }
  }

  /**
   * Accepts items both filters accept.
   *
   * @param left one filter
   * @param right the other
   */
  record And(Filter left, Filter right) implements Filter {
    /** Checks the parts. */
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "other");
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return left.accept(id, metadata) && right.accept(id, metadata);
    }
  }

  /**
   * Accepts items either filter accepts.
   *
   * @param left one filter
   * @param right the other
   */
  record Or(Filter left, Filter right) implements Filter {
    /** Checks the parts. */
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "other");
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return left.accept(id, metadata) || right.accept(id, metadata);
    }
  }

  /**
   * Accepts the items a filter rejects.
   *
   * @param filter the filter negated
   */
  record Not(Filter filter) implements Filter {
    /** Checks the part. */
    public Not {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public boolean accept(String id, Map<String, Object> metadata) {
      return !filter.accept(id, metadata);
    }
  }
}
