package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.flat.FlatIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds items whose embeddings are at least as similar as a threshold: the pairs, and the groups they join
 * into (an item similar to a member of a group belongs to it). Exact: every item is compared with every other.
 */
public final class NearDuplicates {
  private NearDuplicates() {}

  /**
   * One similar pair.
   *
   * @param first the id that comes first in the input
   * @param second the other id
   * @param score their similarity
   */
  public record Pair(String first, String second, float score) {}

  /**
   * The result.
   *
   * @param pairs every pair at or above the threshold, most similar first
   * @param groups sets of two or more ids linked by such pairs, each in input order, largest first
   */
  public record Result(List<Pair> pairs, List<List<String>> groups) {}

  /**
   * Finds near-duplicates.
   *
   * @param ids unique ids, one per vector
   * @param vectors finite vectors of one dimension
   * @param metric how similarity is scored (e.g. cosine, where 1 means the same direction)
   * @param threshold the lowest score that counts as a duplicate
   * @return the pairs and groups
   */
  public static Result find(List<String> ids, List<float[]> vectors, Metric metric, float threshold) {
    int dim = Data.check(vectors, 1, "near-duplicate detection");
    Data.sameSize(vectors, "vectors", ids, "ids");
    if (!Float.isFinite(threshold)) {
      throw new InvalidInputException("threshold must be finite, was " + threshold);
    }
    Map<String, Integer> position = new java.util.HashMap<>();
    try (FlatIndex index = FlatIndex.create(dim, metric)) {
      for (int i = 0; i < ids.size(); i++) {
        if (position.put(ids.get(i), i) != null) {
          throw new InvalidInputException("id '" + ids.get(i) + "' appears twice");
        }
        index.add(ids.get(i), vectors.get(i));
      }
      int[] parent = new int[ids.size()];
      for (int i = 0; i < parent.length; i++) {
        parent[i] = i;
      }
      List<Pair> pairs = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      int n = ids.size();
      for (int i = 0; i < n; i++) {
        // every item at or above the threshold: widen k until the last hit falls below it
        for (int k = Math.min(n, 16); ; k = Math.min(n, k * 4)) {
          List<SearchHit> hits = index.search(vectors.get(i), k);
          boolean more = hits.size() == k && k < n && hits.get(hits.size() - 1).score() >= threshold;
          if (more) {
            continue;
          }
          for (SearchHit h : hits) {
            int j = position.get(h.id());
            if (j == i || h.score() < threshold) {
              continue;
            }
            if (seen.add((long) Math.min(i, j) * n + Math.max(i, j))) {
              pairs.add(new Pair(ids.get(Math.min(i, j)), ids.get(Math.max(i, j)), h.score()));
              union(parent, i, j);
            }
          }
          break;
        }
      }
      pairs.sort((a, b) -> Float.compare(b.score(), a.score()));
      Map<Integer, List<String>> groups = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(ids.get(i));
      }
      List<List<String>> out = new ArrayList<>();
      for (List<String> g : groups.values()) {
        if (g.size() > 1) {
          out.add(List.copyOf(g));
        }
      }
      out.sort((a, b) -> Integer.compare(b.size(), a.size()));
      return new Result(List.copyOf(pairs), List.copyOf(out));
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
