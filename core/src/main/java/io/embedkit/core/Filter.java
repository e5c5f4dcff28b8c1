package io.embedkit.core;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Selects which items a search may return, from their id and metadata. Indexes apply it during the
 * search, so {@code k} accepted hits are returned when that many exist.
 *
 * <p>The factories and combinators return the records below, which a remote index (e.g. Solr) can translate
 * into its own query language; any other implementation is applied to the hits as they arrive.
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
  boolean accept(String id, Map<String, String> metadata);

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
   * @param value the required value
   * @return the filter
   */
  static Filter metadataEquals(String key, String value) {
    return new MetadataEquals(key, value);
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
    public boolean accept(String id, Map<String, String> metadata) {
      return true;
    }
  }

  /**
   * Accepts items whose metadata maps a key to a value.
   *
   * @param key the metadata key
   * @param value the required value; null accepts items without the key
   */
  record MetadataEquals(String key, String value) implements Filter {
    /** Checks the key. */
    public MetadataEquals {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean accept(String id, Map<String, String> metadata) {
      return Objects.equals(metadata.get(key), value);
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
    public boolean accept(String id, Map<String, String> metadata) {
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
    public boolean accept(String id, Map<String, String> metadata) {
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
    public boolean accept(String id, Map<String, String> metadata) {
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
    public boolean accept(String id, Map<String, String> metadata) {
      return !filter.accept(id, metadata);
    }
  }
}
