package io.embedkit.core;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Selects which items a search may return, from their id and metadata. Indexes apply it during the
 * search, so {@code k} accepted hits are returned when that many exist.
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
    return (id, metadata) -> true;
  }

  /**
   * Returns a filter accepting items whose metadata maps {@code key} to {@code value}.
   *
   * @param key the metadata key
   * @param value the required value
   * @return the filter
   */
  static Filter metadataEquals(String key, String value) {
    Objects.requireNonNull(key, "key");
    return (id, metadata) -> Objects.equals(metadata.get(key), value);
  }

  /**
   * Returns a filter accepting only the given ids.
   *
   * @param ids the accepted ids
   * @return the filter
   */
  static Filter idIn(Collection<String> ids) {
    Set<String> set = Set.copyOf(ids);
    return (id, metadata) -> set.contains(id);
  }

  /**
   * Returns a filter accepting items both filters accept.
   *
   * @param other the other filter
   * @return the conjunction
   */
  default Filter and(Filter other) {
    Objects.requireNonNull(other, "other");
    return (id, metadata) -> accept(id, metadata) && other.accept(id, metadata);
  }

  /**
   * Returns a filter accepting items either filter accepts.
   *
   * @param other the other filter
   * @return the disjunction
   */
  default Filter or(Filter other) {
    Objects.requireNonNull(other, "other");
    return (id, metadata) -> accept(id, metadata) || other.accept(id, metadata);
  }

  /**
   * Returns a filter accepting the items this one rejects.
   *
   * @return the negation
   */
  default Filter negate() {
    return (id, metadata) -> !accept(id, metadata);
  }
}
