package io.embedkit.index.hnsw;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Inserts nodes into an {@link HnswGraph} and repairs it around removed nodes, after Malkov and Yashunin
 * (2018): a random top layer per node, greedy descent to it, then on each lower layer a beam search of width
 * {@code efConstruction} and the neighbour-selection heuristic (a candidate is kept only if it is closer to
 * the new node than to every neighbour already kept), topped up to {@code m} with the closest others. Links
 * are made in both directions; a list that overflows is pruned with the same heuristic.
 *
 * <p>Layer-0 in-links from live nodes are counted, and no list change may take away a live node's last one;
 * a node left without any when its linker is removed gets a new one at once. That keeps every live node
 * reachable, under concurrent inserts and removals alike.
 *
 * <p>Safe for concurrent inserts and repairs: each call uses the calling thread's {@link Worker}, and a node's
 * lists change only under that node's lock (never two locks at once).
 */
final class HnswBuilder {
  private final HnswConfig config;
  private final HnswGraph graph;
  private final FullVectors store;
  private final Scorer scorer;
  private final double levelFactor;
  private final IntPredicate live;

  /** Per-thread scratch. */
  final class Worker {
    final HnswSearcher searcher = new HnswSearcher(graph, scorer);
    final float[] vector = new float[store.dim()];
    int[] ids = new int[64];
    float[] scores = new float[64];

    void ensure(int n) {
      if (ids.length < n) {
        ids = new int[n];
        scores = new float[n];
      }
    }
  }

  HnswBuilder(HnswConfig config, HnswGraph graph, FullVectors store, Scorer scorer, IntPredicate live) {
    this.config = config;
    this.graph = graph;
    this.store = store;
    this.scorer = scorer;
    this.live = live;
    this.levelFactor = 1.0 / Math.log(config.m());
  }

  Worker newWorker() {
    return new Worker();
  }

  /** The node's top layer: a function of the seed and the ordinal, so builds are reproducible. */
  int randomLevel(int ord) {
    double u = new SplittableRandom(config.seed() ^ (ord * 0x9E3779B97F4A7C15L)).nextDouble();
    int level = (int) (-Math.log(1.0 - u) * levelFactor);
    return Math.min(level, 30);
  }

  /** Inserts a node whose vector is already in the store; it links to live nodes where it can. */
  void insert(Worker w, int ord, int capacity) {
    int level = randomLevel(ord);
    graph.addNode(ord, level);
    HnswGraph.EntryNode ep = graph.entry();
    if (ep == null) {
      if (graph.initEntry(ord, level)) {
        return; // the first node: nothing to link to
      }
      ep = graph.entry(); // another thread's first node won: link to it as usual
    }
    store.copyTo(ord, w.vector);
    Object q = scorer.prepare(w.vector);
    HnswSearcher.Start start = w.searcher.descend(q, ep, Math.min(level, ep.level()));
    int[] entries = start.nodes();
    float[] entryScores = start.scores();
    for (int l = Math.min(level, ep.level()); l >= 0; l--) {
      LongHeap found = w.searcher.searchLayer(q, entries, entryScores, config.efConstruction(), l,
          x -> x != ord && live.test(x), capacity);
      if (found.isEmpty()) {
        // all that is reachable here was removed: link to the removed nodes, which still route searches
        found = w.searcher.searchLayer(q, entries, entryScores, config.efConstruction(), l, x -> x != ord,
            capacity);
        if (found.isEmpty()) {
          continue;
        }
      }
      w.ensure(found.size());
      int n = HnswSearcher.drainBestFirst(found, w.ids, w.scores);
      int[] sorted = Arrays.copyOf(w.ids, n);
      float[] sortedScores = Arrays.copyOf(w.scores, n);
      int kept = selectDiverse(w, w.ids, w.scores, n, config.m(), ord);
      // the heuristic may keep very few; the closest others fill the list to m, for connectivity
      int[] mine = union(Arrays.copyOf(w.ids, kept), sortedWithout(sorted, ord), config.m());
      synchronized (graph.lock(ord)) {
        // inserts that found this node through an upper layer may have linked to it here already
        int[] early = graph.neighbors(ord, l);
        publish(ord, l, early, early.length == 0 ? mine : union(early, mine, config.maxLinks(l)));
      }
      for (int nb : mine) {
        link(w, nb, ord, l);
      }
      // the next layer starts from all candidates of this one, and from the entry node: a candidate may be a
      // node whose lower lists a concurrent insert has not written yet
      entries = Arrays.copyOf(sorted, n + 1);
      entryScores = Arrays.copyOf(sortedScores, n + 1);
      entries[n] = ep.node();
      entryScores[n] = scorer.score(q, ep.node());
    }
    ensureReachable(ord);
    graph.offerEntry(ord, level);
  }

  /**
   * Publishes {@code next} as a node's list on a layer, counting layer-0 in-links. Returns false, changing
   * nothing, when that would take away a live node's last in-link. The caller holds the node's lock.
   */
  private boolean publish(int node, int level, int[] cur, int[] next) {
    if (level == 0 && live.test(node)) { // only live nodes' links count
      int[] dropped = new int[cur.length];
      int d = 0;
      for (int x : cur) {
        if (contains(next, x)) {
          continue;
        }
        if (live.test(x) && !graph.tryUnlink(x)) {
          for (int i = 0; i < d; i++) {
            graph.linked(dropped[i]);
          }
          return false;
        }
        if (!live.test(x)) {
          graph.unlink(x);
        }
        dropped[d++] = x;
      }
      for (int x : next) {
        if (!contains(cur, x)) {
          graph.linked(x);
        }
      }
    }
    graph.setNeighbors(node, level, next);
    return true;
  }

  private static boolean contains(int[] a, int x) {
    for (int y : a) {
      if (y == x) {
        return true;
      }
    }
    return false;
  }

  /** {@code first} whole, then the members of {@code second} not in it, up to {@code max}. */
  private static int[] union(int[] first, int[] second, int max) {
    int[] out = Arrays.copyOf(first, Math.max(first.length, max));
    int n = first.length;
    for (int x : second) {
      if (n >= max) {
        break;
      }
      if (!contains(first, x)) {
        out[n++] = x;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Keeps candidates (sorted best first by score to the base node) that are closer to the base than to every
   * candidate already kept, up to {@code max}; compacts the kept ones to the front and returns their count.
   */
  private int selectDiverse(Worker w, int[] ids, float[] scores, int n, int max, int exclude) {
    int kept = 0;
    for (int i = 0; i < n && kept < max; i++) {
      int c = ids[i];
      if (c == exclude) {
        continue;
      }
      boolean good = true;
      for (int j = 0; j < kept; j++) {
        if (scorer.scoreBetween(c, ids[j]) > scores[i]) {
          good = false;
          break;
        }
      }
      if (good) {
        ids[kept] = c;
        scores[kept] = scores[i];
        kept++;
      }
    }
    return kept;
  }

  /** Adds {@code newNode} to {@code node}'s list on a layer, making room if the list is full. */
  private void link(Worker w, int node, int newNode, int level) {
    synchronized (graph.lock(node)) {
      if (graph.level(node) < level) {
        return;
      }
      int[] cur = graph.neighbors(node, level);
      if (contains(cur, newNode)) {
        return;
      }
      int max = config.maxLinks(level);
      boolean counted = level == 0 && live.test(node);
      if (cur.length < max) { // the common case: an append, counted without comparing lists
        int[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = newNode;
        if (counted) {
          graph.linked(newNode);
        }
        graph.setNeighbors(node, level, next);
        return;
      }
      for (int i = 0; i < cur.length; i++) {
        if (!live.test(cur[i])) { // a removed node's slot goes to the new node first
          int[] next = cur.clone();
          next[i] = newNode;
          if (counted) {
            graph.unlink(cur[i]);
            graph.linked(newNode);
          }
          graph.setNeighbors(node, level, next);
          return;
        }
      }
      int[] ids = Arrays.copyOf(cur, cur.length + 1);
      ids[cur.length] = newNode;
      // as in the paper, an overflowing list keeps only the diverse subset, leaving room for cheap appends;
      // refused only when pruning would orphan a node: then this one link is not made
      publish(node, level, cur, prune(w, node, ids, ids.length, max, false));
    }
  }

  /**
   * Sorts candidates by score to {@code node} and keeps a diverse subset of at most {@code max}; with
   * {@code fill}, then fills the list up to {@code max} with the closest of the pruned ones.
   */
  private int[] prune(Worker w, int node, int[] ids, int n, int max, boolean fill) {
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      scores[i] = scorer.scoreBetween(node, ids[i]);
    }
    sortBestFirst(ids, scores, n);
    int[] sorted = fill ? Arrays.copyOf(ids, n) : null;
    int kept = selectDiverse(w, ids, scores, n, max, node);
    return fill ? union(Arrays.copyOf(ids, kept), sortedWithout(sorted, node), max) : Arrays.copyOf(ids, kept);
  }

  private static int[] sortedWithout(int[] sorted, int node) {
    int[] out = new int[sorted.length];
    int n = 0;
    for (int x : sorted) {
      if (x != node) {
        out[n++] = x;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Gives a node without layer-0 in-links one, from the first of its neighbours that can take it. */
  private void ensureReachable(int ord) {
    if (graph.inDegree(ord) > 0) {
      return;
    }
    for (int nb : graph.neighbors(ord, 0)) {
      synchronized (graph.lock(nb)) {
        if (graph.inDegree(ord) > 0) {
          return;
        }
        int[] cur = graph.neighbors(nb, 0);
        if (cur.length < config.maxLinks(0)) {
          int[] next = Arrays.copyOf(cur, cur.length + 1);
          next[cur.length] = ord;
          publish(nb, 0, cur, next);
          return;
        }
        for (int i = cur.length - 1; i >= 0; i--) { // the farthest end first
          int[] next = cur.clone();
          next[i] = ord;
          if (publish(nb, 0, cur, next)) {
            return;
          }
        }
      }
    }
  }

  /**
   * Removes a node and repairs the graph around it: each live neighbour that linked to it drops the link and
   * chooses again, by the heuristic, among its other neighbours and the removed node's. The removed node
   * keeps its own links, so searches still route through it until the index is compacted.
   */
  void remove(Worker w, int removed, Runnable markRemoved) {
    int[] linked;
    synchronized (graph.lock(removed)) {
      markRemoved.run(); // under the lock, so no list change of this node is counted after it
      linked = graph.neighbors(removed, 0);
    }
    for (int x : linked) {
      graph.unlink(x); // a removed node's links no longer count
    }
    repair(w, removed);
    for (int x : linked) {
      if (live.test(x)) {
        ensureReachable(x);
      }
    }
  }

  private void repair(Worker w, int removed) {
    int top = graph.level(removed);
    for (int l = 0; l <= top; l++) {
      int[] around = graph.neighbors(removed, l);
      for (int node : around) {
        if (!live.test(node)) {
          continue;
        }
        synchronized (graph.lock(node)) {
          int[] cur = graph.neighbors(node, l);
          int[] ids = new int[cur.length + around.length];
          int n = 0;
          for (int x : cur) {
            if (x != removed) {
              ids[n++] = x;
            }
          }
          for (int x : around) {
            if (x != node && live.test(x) && !contains(cur, x)) {
              ids[n++] = x;
            }
          }
          if (n == 0) {
            continue;
          }
          int[] next = prune(w, node, ids, n, config.maxLinks(l), true);
          if (!publish(node, l, cur, next)) {
            // the full re-selection would orphan a node: only swap the removed node out
            int[] keep = union(withoutNode(cur, removed), next, config.maxLinks(l));
            publish(node, l, cur, keep);
          }
        }
      }
    }
  }

  private static int[] withoutNode(int[] a, int x) {
    int[] out = new int[a.length];
    int n = 0;
    for (int y : a) {
      if (y != x) {
        out[n++] = y;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static void sortBestFirst(int[] ids, float[] scores, int n) {
    // insertion sort: lists are at most a few dozen long
    for (int i = 1; i < n; i++) {
      float s = scores[i];
      int id = ids[i];
      int j = i - 1;
      while (j >= 0 && (scores[j] < s || (scores[j] == s && ids[j] > id))) {
        scores[j + 1] = scores[j];
        ids[j + 1] = ids[j];
        j--;
      }
      scores[j + 1] = s;
      ids[j + 1] = id;
    }
  }
}
