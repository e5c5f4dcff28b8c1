package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.EmptyIndexException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.testing.TestSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 4 writers and 4 readers on one index. {@code -Dtests.stress.ops=200000} runs the long version (the default
 * is 20,000 operations, to keep {@code mvn verify} short).
 */
class HnswConcurrencyTest {
  @ParameterizedTest
  @EnumSource(HnswQuantization.class) // INT8: its codes are learned mid-run, while the other threads work
  void concurrentAddsRemovesAndSearchesStayConsistent(HnswQuantization quantization) throws Exception {
    long seed = TestSeeds.seed();
    HnswIndex index = HnswIndex.create(HnswConfig.of(DIM, Metric.L2).withGraph(16, 100).withSeed(seed)
        .withQuantization(quantization));
    exercise(index, new ConcurrentHashMap<>(), seed);
  }

  @ParameterizedTest
  @EnumSource(HnswQuantization.class)
  void concurrentWritesToALoadedPackedGraphStayConsistent(HnswQuantization quantization, @TempDir Path tmp)
      throws Exception {
    long seed = TestSeeds.seed();
    HnswIndex built = HnswIndex.create(HnswConfig.of(DIM, Metric.L2).withGraph(16, 100).withSeed(seed)
        .withQuantization(quantization), 16);
    Map<String, float[]> live = new ConcurrentHashMap<>();
    SplittableRandom r = new SplittableRandom(seed - 1);
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      ids.add("pre-" + i);
      vectors.add(TestSeeds.randomVector(r, DIM));
      live.put(ids.get(i), vectors.get(i));
    }
    built.addAll(ids, vectors, null, 2);
    built.save(tmp.resolve("pre.idx"));
    built.close();
    HnswIndex index = HnswIndex.load(tmp.resolve("pre.idx"));
    index.graph.pack(); // every mode here, whatever loading chose
    assertThat(index.graph.packedChunks()).isEqualTo(Chunks.count(6000));
    exercise(index, live, seed);
    assertThat(index.graph.packedChunks()).as("writes unpacked the chunks they changed").isZero();
  }

  private static final int DIM = 16;

  /** 4 writers and 4 readers; then every acknowledged item in {@code live} is found by its own vector. */
  private static void exercise(HnswIndex index, Map<String, float[]> live, long seed) throws Exception {
    int ops = Integer.getInteger("tests.stress.ops", 20_000);
    int dim = DIM;
    Map<String, Long> removedAt = new ConcurrentHashMap<>();
    AtomicLong clock = new AtomicLong();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      futures.add(pool.submit(() -> {
        SplittableRandom r = new SplittableRandom(seed + writer);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < ops / 8; i++) {
          if (!mine.isEmpty() && r.nextDouble() < 0.25) {
            String id = mine.remove(r.nextInt(mine.size()));
            live.remove(id);
            index.remove(id);
            removedAt.put(id, clock.incrementAndGet());
          } else {
            String id = "w" + writer + "-" + i;
            float[] v = TestSeeds.randomVector(r, dim);
            index.add(id, v);
            live.put(id, v);
            mine.add(id);
          }
        }
        return null;
      }));
    }
    for (int rd = 0; rd < 4; rd++) {
      int reader = rd;
      futures.add(pool.submit(() -> {
        SplittableRandom r = new SplittableRandom(seed + 100 + reader);
        for (int i = 0; i < ops / 8; i++) {
          long before = clock.get();
          List<SearchHit> hits;
          try {
            hits = index.search(TestSeeds.randomVector(r, dim), 10);
          } catch (EmptyIndexException e) {
            continue; // before the first add
          }
          for (SearchHit h : hits) {
            Long t = removedAt.get(h.id());
            if (t != null && t <= before) {
              violations.add(h.id() + " was returned after its removal was acknowledged");
            }
          }
        }
        return null;
      }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).as("no deadlock").isTrue();
    for (Future<?> f : futures) {
      f.get(); // rethrows any exception of a worker
    }
    assertThat(violations).as("tests.seed=%d", seed).isEmpty();
    assertThat(index.size()).isEqualTo(live.size());
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, float[]> e : live.entrySet()) {
      List<SearchHit> hits = index.search(e.getValue(), 1);
      if (hits.isEmpty() || !hits.get(0).id().equals(e.getKey())) {
        boolean wide = index.search(e.getValue(), 1, null, 20_000).get(0).id().equals(e.getKey());
        missing.add(e.getKey() + (wide ? " (found with efSearch 20000)" : " (unreachable)") + " " + index.diagnose(e.getKey()));
      }
    }
    assertThat(missing).as("tests.seed=%d: acknowledged adds not found by their own vector", seed).isEmpty();
  }
}
