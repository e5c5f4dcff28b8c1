package io.embedkit.server;

import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynamic batching: texts of concurrent requests are embedded together in one {@code encodeAll} (which sorts
 * them by length into model batches). A batch starts as soon as a worker is free; it waits for more (at most
 * {@code maxWaitMicros}) only while other requests are known to be arriving, so a lone request is not delayed.
 * Several workers run several batches at once (with fewer native threads each).
 */
final class Batcher implements AutoCloseable {
  private record Job(List<String> texts, CompletableFuture<List<float[]>> done) {}

  private final Encoder<String> encoder;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int maxQueued;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedTexts = new AtomicInteger();
  private final AtomicInteger arriving = new AtomicInteger();
  private final Metrics metrics;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  Batcher(String name, Encoder<String> encoder, int workerCount, int maxBatch, long maxWaitMicros, int maxQueued,
      Metrics metrics) {
    this.encoder = encoder;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
    this.maxQueued = maxQueued;
    this.metrics = metrics;
    for (int w = 0; w < workerCount; w++) { // each runs one batch at a time on the shared queue
      Thread worker = new Thread(this::run, "embedkit-batcher-" + name + "-" + w);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /** Tells the batcher a request is on its way (parsed, not yet submitted), so a batch waits for it. */
  void arriving() {
    arriving.incrementAndGet();
  }

  /**
   * Queues texts; the future completes with their vectors in order.
   *
   * @throws ApiException 429 when too many texts are waiting
   */
  CompletableFuture<List<float[]>> submit(List<String> texts) {
    arriving.decrementAndGet();
    if (closed) {
      throw new ApiException(503, "server_error", null, "shutting_down", "the server is shutting down");
    }
    if (queuedTexts.addAndGet(texts.size()) > maxQueued) {
      queuedTexts.addAndGet(-texts.size());
      throw new ApiException(429, "rate_limit_exceeded", null, "rate_limit_exceeded", "more than " + maxQueued
          + " inputs are waiting to be embedded; retry later");
    }
    Job job = new Job(texts, new CompletableFuture<>());
    queue.add(job);
    metrics.queueDepth(queuedTexts.get());
    return job.done();
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      List<Job> jobs = new ArrayList<>();
      try {
        Job first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        jobs.add(first);
        int texts = first.texts().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (texts < maxBatch) {
          Job next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (arriving.get() <= 0 || left <= 0) {
              break;
            }
            next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
          }
          jobs.add(next);
          texts += next.texts().size();
        }
        queuedTexts.addAndGet(-texts);
        metrics.queueDepth(queuedTexts.get());
        metrics.batch(texts);
        embed(jobs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        jobs.forEach(j -> j.done().completeExceptionally(e));
        return;
      } catch (RuntimeException | Error e) {
        jobs.forEach(j -> j.done().completeExceptionally(e));
      }
    }
  }

  private void embed(List<Job> jobs) {
    List<String> all = new ArrayList<>();
    jobs.forEach(j -> all.addAll(j.texts()));
    List<float[]> vectors;
    try {
      vectors = encoder.encodeAll(all);
    } catch (InvalidInputException e) {
      if (jobs.size() == 1) {
        throw e;
      }
      for (Job j : jobs) { // one request's bad input must not fail the others batched with it
        try {
          j.done().complete(encoder.encodeAll(j.texts()));
        } catch (RuntimeException ex) {
          j.done().completeExceptionally(ex);
        }
      }
      return;
    }
    int at = 0;
    for (Job j : jobs) {
      j.done().complete(vectors.subList(at, at + j.texts().size()));
      at += j.texts().size();
    }
  }

  /** Finishes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      for (Thread worker : workers) {
        worker.join(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
