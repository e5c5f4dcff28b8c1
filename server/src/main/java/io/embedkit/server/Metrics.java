package io.embedkit.server;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code GET /metrics}, in Prometheus' text format. Thread-safe. */
final class Metrics {
  private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10};
  private static final int[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder[] latency = newAdders(LATENCY_BUCKETS.length + 1);
  private final LongAdder latencyCount = new LongAdder();
  private final AtomicLong latencyMicros = new AtomicLong();
  private final LongAdder[] batches = newAdders(BATCH_BUCKETS.length + 1);
  private final LongAdder batchCount = new LongAdder();
  private final LongAdder batchItems = new LongAdder();
  private final AtomicLong queueDepth = new AtomicLong();

  private static LongAdder[] newAdders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void request(String route, int status, long nanos) {
    requests.computeIfAbsent(route + "\t" + status, k -> new LongAdder()).increment();
    double seconds = nanos / 1e9;
    int b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) {
      b++;
    }
    latency[b].increment();
    latencyCount.increment();
    latencyMicros.addAndGet(nanos / 1000);
  }

  void batch(int size) {
    int b = 0;
    while (b < BATCH_BUCKETS.length && size > BATCH_BUCKETS[b]) {
      b++;
    }
    batches[b].increment();
    batchCount.increment();
    batchItems.add(size);
  }

  void queueDepth(long depth) {
    queueDepth.set(depth);
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP embedkit_requests_total HTTP requests by route and status.\n");
    b.append("# TYPE embedkit_requests_total counter\n");
    requests.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String[] k = e.getKey().split("\t");
      b.append("embedkit_requests_total{route=\"").append(k[0]).append("\",status=\"").append(k[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    });
    b.append("# HELP embedkit_request_seconds Request latency.\n# TYPE embedkit_request_seconds histogram\n");
    long cumulative = 0;
    for (int i = 0; i <= LATENCY_BUCKETS.length; i++) {
      cumulative += latency[i].sum();
      String le = i == LATENCY_BUCKETS.length ? "+Inf" : String.format(Locale.ROOT, "%s", LATENCY_BUCKETS[i]);
      b.append("embedkit_request_seconds_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
    }
    b.append(String.format(Locale.ROOT, "embedkit_request_seconds_sum %.6f%n", latencyMicros.get() / 1e6));
    b.append("embedkit_request_seconds_count ").append(latencyCount.sum()).append('\n');
    b.append("# HELP embedkit_batch_size Inputs per model call batch.\n# TYPE embedkit_batch_size histogram\n");
    cumulative = 0;
    for (int i = 0; i <= BATCH_BUCKETS.length; i++) {
      cumulative += batches[i].sum();
      String le = i == BATCH_BUCKETS.length ? "+Inf" : Integer.toString(BATCH_BUCKETS[i]);
      b.append("embedkit_batch_size_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
    }
    b.append("embedkit_batch_size_sum ").append(batchItems.sum()).append('\n');
    b.append("embedkit_batch_size_count ").append(batchCount.sum()).append('\n');
    b.append("# HELP embedkit_queue_depth Inputs waiting to be embedded.\n# TYPE embedkit_queue_depth gauge\n");
    b.append("embedkit_queue_depth ").append(queueDepth.get()).append('\n');
    return b.toString();
  }
}
