package io.embedkit.core;

import java.util.Map;

/**
 * One search result.
 *
 * @param id the item's id
 * @param score the similarity, higher is better (see {@link Metric})
 * @param distance the raw distance in the metric's units
 * @param metadata the item's metadata, never null
 */
public record SearchHit(String id, float score, float distance, Map<String, String> metadata) {
  /** Copies the metadata so a hit cannot change later. */
  public SearchHit {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
