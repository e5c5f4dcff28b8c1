package io.embedkit.index.hnsw;

import io.embedkit.core.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs inserts on several threads, each claiming batches of positions from one shared counter. */
final class ParallelInserts {
  /** Positions a thread claims at a time. */
  static final int BATCH = 256;

  private ParallelInserts() {}

  /**
   * Calls {@code insert} for every position below {@code n}, on {@code threads} threads (the caller's thread
   * alone when 1 or fewer), and returns when all are done, reporting after every batch.
   *
   * @throws RuntimeException the first failure of an insert, as thrown
   */
  static void run(int n, int threads, IntConsumer insert, Progress progress) {
    if (threads <= 1) {
      for (int i = 0; i < n; i++) {
        insert.accept(i);
        if (i % BATCH == BATCH - 1 || i == n - 1) {
          progress.update(i + 1, n);
        }
      }
      return;
    }
    long[] done = new long[1];
    AtomicInteger claim = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          int start;
          while ((start = claim.getAndAdd(BATCH)) < n) {
            int end = Math.min(n, start + BATCH);
            for (int i = start; i < end; i++) {
              insert.accept(i);
            }
            synchronized (done) { // reports never go backwards
              done[0] += end - start;
              progress.update(done[0], n);
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
