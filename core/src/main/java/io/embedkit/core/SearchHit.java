package io.embedkit.core;

import java.util.Map;

/**
 * One search result.
 *
 * @param id the item's id
 * @param score the similarity, higher is better (see {@link Metric})
 * @param distance the raw distance in the metric's units
 * @param metadata the item's metadata, never null (values as {@link Metadata} describes)
 * @param text the item's stored text, or null when it has none
 */
public record SearchHit(String id, float score, float distance, Map<String, Object> metadata, String text) {
  /** Copies the metadata so a hit cannot change later. */
  public SearchHit {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Creates a hit without text.
   *
   * @param id the item's id
   * @param score the similarity
   * @param distance the raw distance
   * @param metadata the item's metadata
   */
  public SearchHit(String id, float score, float distance, Map<String, ?> metadata) {
    this(id, score, distance, metadata == null ? Map.of() : Map.<String, Object>copyOf(metadata), null);
  }
}
