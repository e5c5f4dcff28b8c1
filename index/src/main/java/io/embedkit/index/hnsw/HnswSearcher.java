package io.embedkit.index.hnsw;

import java.util.function.IntPredicate;

/**
 * Beam search over one layer of an {@link HnswGraph}, with reusable scratch: the candidate and result heaps
 * and a visited set cleared in O(1) by generation counting. One searcher per thread; not thread-safe.
 */
final class HnswSearcher {
  private final HnswGraph graph;
  private final Scorer scorer;
  private final LongHeap candidates = new LongHeap(256);
  private final LongHeap results = new LongHeap(256);
  private int[] visited = new int[0];
  private final int[] links;
  private int[] batch = new int[64];
  private float[] batchScores = new float[64];
  private int generation;
  private final float[] greedyScore = new float[1];

  HnswSearcher(HnswGraph graph, Scorer scorer) {
    this.graph = graph;
    this.scorer = scorer;
    this.links = new int[graph.maxLinks0()];
  }

  private void startVisit(int capacity) {
    if (visited.length < capacity) {
      visited = new int[Math.max(capacity, visited.length + (visited.length >> 1))];
      generation = 0;
    }
    if (++generation == Integer.MAX_VALUE) {
      java.util.Arrays.fill(visited, 0);
      generation = 1;
    }
  }

  private boolean visit(int node) {
    if (node >= visited.length) { // a node inserted while this search runs
      visited = java.util.Arrays.copyOf(visited, Math.max(node + 1, visited.length + (visited.length >> 1)));
    }
    if (visited[node] == generation) {
      return false;
    }
    visited[node] = generation;
    return true;
  }

  private void ensureBatch(int n) {
    if (n > batch.length) {
      batch = new int[n];
      batchScores = new float[n];
    }
  }

  /**
   * Start points of a beam search on one layer: the node a greedy descent from the entry node reached, and
   * the entry node itself (the descent may end at a node whose lower lists an insert is still writing).
   *
   * @param nodes one or two nodes
   * @param scores their scores against the query
   */
  record Start(int[] nodes, float[] scores) {}

  /**
   * Descends greedily from the graph's entry node through the layers above {@code level}, the one descent
   * that queries and inserts share.
   *
   * @param q the query
   * @param ep the entry node
   * @param level the layer the beam search will run on
   * @return where to start it
   */
  Start descend(Object q, HnswGraph.EntryNode ep, int level) {
    int cur = ep.node();
    float curScore = scorer.score(q, cur);
    for (int l = ep.level(); l > level; l--) {
      cur = greedy(q, cur, curScore, l, greedyScore);
      curScore = greedyScore[0];
    }
    if (cur == ep.node()) {
      return new Start(new int[] {cur}, new float[] {curScore});
    }
    return new Start(new int[] {cur, ep.node()}, new float[] {curScore, scorer.score(q, ep.node())});
  }

  /**
   * Searches the whole graph: descends to layer 0 and leaves its best {@code ef} accepted nodes in the
   * result heap (worst on top).
   *
   * @param q the query
   * @param ep the entry node
   * @param ef the beam width
   * @param accept which nodes may be results
   * @param capacity an upper bound on node ordinals
   * @return the result heap, packed worst-first
   */
  LongHeap search(Object q, HnswGraph.EntryNode ep, int ef, IntPredicate accept, int capacity) {
    Start start = descend(q, ep, 0);
    return searchLayer(q, start.nodes(), start.scores(), ef, 0, accept, capacity);
  }

  /** Greedy descent on one layer: returns the closest node reachable from {@code start}. */
  private int greedy(Object q, int start, float startScore, int level, float[] scoreOut) {
    int cur = start;
    float best = startScore;
    boolean changed = true;
    while (changed) {
      changed = false;
      int[] nb = graph.neighbors(cur, level);
      int count = nb.length;
      ensureBatch(count);
      scorer.scoreAll(q, nb, count, batchScores);
      for (int i = 0; i < count; i++) {
        if (batchScores[i] > best) {
          best = batchScores[i];
          cur = nb[i];
          changed = true;
        }
      }
    }
    scoreOut[0] = best;
    return cur;
  }

  /**
   * Searches one layer from the given entry points and leaves the best {@code ef} accepted nodes in the
   * result heap (worst on top). Rejected nodes are walked through but never collected.
   *
   * @param accept which nodes may be results; null accepts all
   * @param capacity an upper bound on node ordinals, for the visited set
   * @return the result heap, packed worst-first
   */
  LongHeap searchLayer(Object q, int[] entries, float[] entryScores, int ef, int level, IntPredicate accept,
      int capacity) {
    startVisit(capacity);
    candidates.clear();
    results.clear();
    for (int i = 0; i < entries.length; i++) {
      int e = entries[i];
      if (!visit(e)) {
        continue;
      }
      candidates.push(LongHeap.packBestFirst(entryScores[i], e));
      if (accept == null || accept.test(e)) {
        results.push(LongHeap.packWorstFirst(entryScores[i], e));
      }
    }
    float worst = results.size() >= ef ? LongHeap.score(results.top(), false) : Float.NEGATIVE_INFINITY;
    while (!candidates.isEmpty()) {
      long c = candidates.pop();
      float cScore = LongHeap.score(c, true);
      if (cScore < worst && results.size() >= ef) {
        break;
      }
      int node = LongHeap.nodeOfBestFirst(c);
      int linked = graph.copyNeighbors(node, level, links);
      ensureBatch(linked);
      int count = 0;
      for (int i = 0; i < linked; i++) {
        int n = links[i];
        // a link read while another thread rewrites the list may name a node added after this search began
        if (n < capacity && visit(n)) {
          batch[count++] = n;
        }
      }
      scorer.scoreAll(q, batch, count, batchScores);
      for (int b = 0; b < count; b++) {
        int n = batch[b];
        float s = batchScores[b];
        if (results.size() < ef || s > worst) {
          candidates.push(LongHeap.packBestFirst(s, n));
          if (accept == null || accept.test(n)) {
            if (results.size() < ef) {
              results.push(LongHeap.packWorstFirst(s, n));
            } else {
              results.replaceTop(LongHeap.packWorstFirst(s, n));
            }
            if (results.size() >= ef) {
              worst = LongHeap.score(results.top(), false);
            }
          }
        }
      }
    }
    return results;
  }

  /** Pops the results best first into arrays; returns how many. */
  static int drainBestFirst(LongHeap results, int[] nodes, float[] scores) {
    int n = results.size();
    for (int i = n - 1; i >= 0; i--) {
      long p = results.pop();
      nodes[i] = LongHeap.nodeOfWorstFirst(p);
      scores[i] = LongHeap.score(p, false);
    }
    return n;
  }
}
