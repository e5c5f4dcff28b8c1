package io.embedkit.index.bench;

import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.index.flat.FlatIndex;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded exact search over 100k x 384 random vectors, top 10. Run with {@code bench/flat-search.sh};
 * add {@code -jvmArgsAppend -Dembedkit.kernels=scalar} to measure the scalar fallback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class FlatSearchBenchmark {
  @Param({"100000"})
  public int size;

  @Param({"384"})
  public int dimension;

  @Param({"COSINE", "L2"})
  public Metric metric;

  private FlatIndex index;
  private float[][] queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(42);
    index = FlatIndex.create(dimension, metric);
    for (int i = 0; i < size; i++) {
      index.add(Integer.toString(i), vector(r));
    }
    queries = new float[64][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = vector(r);
    }
  }

  private float[] vector(SplittableRandom r) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Benchmark
  public List<SearchHit> searchTop10() {
    float[] q = queries[next++ & 63];
    return index.search(q, 10);
  }
}
