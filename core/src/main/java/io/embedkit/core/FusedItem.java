package io.embedkit.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** An item being fused: its first hit and its score so far. */
final class FusedItem {
  private final SearchHit first;
  private final int order;
  double score;
  private String text;

  private FusedItem(SearchHit first, int order) {
    this.first = first;
    this.order = order;
    this.text = first.text();
  }

  static FusedItem of(Map<String, FusedItem> items, SearchHit hit) {
    FusedItem m = items.computeIfAbsent(hit.id(), id -> new FusedItem(hit, items.size()));
    if (m.text == null) {
      m.text = hit.text();
    }
    return m;
  }

  static List<SearchHit> best(Map<String, FusedItem> items, int k) {
    List<FusedItem> all = new ArrayList<>(items.values());
    all.sort(Comparator.comparingDouble((FusedItem m) -> -m.score).thenComparingInt(m -> m.order));
    List<SearchHit> out = new ArrayList<>(Math.min(k, all.size()));
    for (FusedItem m : all.subList(0, Math.min(k, all.size()))) {
      out.add(new SearchHit(m.first.id(), (float) m.score, (float) -m.score, m.first.metadata(), m.text));
    }
    return out;
  }
}
