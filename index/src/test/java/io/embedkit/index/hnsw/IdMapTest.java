package io.embedkit.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.testing.TestSeeds;
import io.embedkit.index.store.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdMapTest {
  @Test
  void anOrdinalIsCurrentFromItsPublicationUntilItsIdIsReplacedOrRemoved() {
    IdMap ids = new IdMap();
    ids.grow(1);
    ids.set(0, "a", Payload.EMPTY);
    assertThat(ids.current(0)).as("written, not yet published").isFalse();
    assertThat(ids.publish("a", 0)).isNull();
    assertThat(ids.current(0)).isTrue();

    ids.set(1, "a", Payload.EMPTY);
    assertThat(ids.publish("a", 1)).isEqualTo(0);
    assertThat(ids.current(0)).as("replaced").isFalse();
    assertThat(ids.current(1)).isTrue();
    assertThat(ids.live(1)).isTrue();

    ids.set(2, "b", Payload.EMPTY);
    ids.publish("b", 2);
    assertThat(ids.unpublish("a")).isEqualTo(1);
    assertThat(ids.unpublish("a")).isNull();
    assertThat(ids.current(1)).as("removed").isFalse();
    assertThat(ids.current(2)).isTrue();
    assertThat(ids.current(3)).as("never written").isFalse();

    ids.tombstone(2);
    assertThat(ids.current(2)).isTrue();
    assertThat(ids.live(2)).as("tombstoned").isFalse();
  }

  @Test
  void racingUpsertsAndRemovesOfTheSameIdsLeaveExactlyTheMappedOrdinalsCurrent() throws Exception {
    long seed = TestSeeds.seed();
    int threads = 4;
    int perThread = 50_000;
    String[] keys = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};
    IdMap ids = new IdMap();
    ids.grow(Chunks.count(threads * perThread));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom r = new SplittableRandom(seed + t);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String id = keys[r.nextInt(keys.length)];
            if (r.nextInt(4) == 0) {
              ids.unpublish(id);
            } else {
              int ord = next.getAndIncrement();
              ids.set(ord, id, Payload.EMPTY);
              ids.publish(id, ord);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int currentCount = 0;
    for (int ord = 0; ord < next.get(); ord++) {
      if (ids.current(ord)) {
        currentCount++;
        assertThat(ids.ordinal(ids.idOf(ord))).as("seed %d: ordinal %d is current", seed, ord).isEqualTo(ord);
      }
    }
    for (String id : keys) {
      Integer ord = ids.ordinal(id);
      if (ord != null) {
        assertThat(ids.current(ord)).as("seed %d: the mapped ordinal of %s", seed, id).isTrue();
      }
    }
    assertThat(currentCount).as("seed %d", seed).isEqualTo(ids.size());
  }
}
