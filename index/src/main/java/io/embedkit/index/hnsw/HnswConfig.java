package io.embedkit.index.hnsw;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.util.Objects;

/**
 * How to build an {@link HnswIndex}.
 *
 * @param dimension the vector dimension, positive
 * @param metric {@link Metric#COSINE} (vectors normalised at insert), {@link Metric#DOT} or {@link Metric#L2}
 * @param m links per node on the upper layers; layer 0 keeps up to {@code 2 * m} (default 16)
 * @param efConstruction candidates considered while inserting (default 200)
 * @param efSearch candidates considered per query unless a search names its own (default 100)
 * @param seed seeds the random layer assignment, so a sequential build is reproducible
 * @param quantization how the graph's vectors are held (default {@link HnswQuantization#NONE})
 * @param oversample with quantization, how many candidates per wanted hit are rescored with the full-precision
 *     vectors (INT8: the best {@code k × oversample} of the {@code efSearch} found; BINARY: the search gathers
 *     at least {@code k × oversample} and rescores all it gathered); 0 for the mode's
 *     {@link HnswQuantization#defaultOversample() default}
 */
public record HnswConfig(int dimension, Metric metric, int m, int efConstruction, int efSearch, long seed,
    HnswQuantization quantization, int oversample) {
  /** Validates the fields. */
  public HnswConfig {
    io.embedkit.core.Checks.dimension(dimension, "index");
    Objects.requireNonNull(metric, "metric");
    if (metric == Metric.L1) {
      throw new InvalidInputException("HNSW supports cosine, dot and l2; use the flat index for l1");
    }
    if (m < 2 || m > 512) {
      throw new InvalidInputException("m must be in 2..512, was " + m);
    }
    if (efConstruction <= 0) {
      throw new InvalidInputException("efConstruction must be positive, was " + efConstruction);
    }
    if (efSearch <= 0) {
      throw new InvalidInputException("efSearch must be positive, was " + efSearch);
    }
    Objects.requireNonNull(quantization, "quantization");
    if (oversample < 0 || oversample > 100) {
      throw new InvalidInputException("oversample must be in 1..100 (or 0 for the default), was " + oversample);
    }
  }

  /**
   * A configuration of full-precision vectors.
   *
   * @param dimension the vector dimension, positive
   * @param metric the metric
   * @param m links per node
   * @param efConstruction candidates while inserting
   * @param efSearch candidates per query
   * @param seed the seed of the layer assignment
   */
  public HnswConfig(int dimension, Metric metric, int m, int efConstruction, int efSearch, long seed) {
    this(dimension, metric, m, efConstruction, efSearch, seed, HnswQuantization.NONE, 0);
  }

  /**
   * Returns the default configuration (m 16, efConstruction 200, efSearch 100, seed 42).
   *
   * @param dimension the vector dimension
   * @param metric the metric
   * @return the configuration
   */
  public static HnswConfig of(int dimension, Metric metric) {
    return new HnswConfig(dimension, metric, 16, 200, 100, 42L);
  }

  /**
   * Returns a copy with other graph parameters.
   *
   * @param m links per node
   * @param efConstruction candidates while inserting
   * @return the copy
   */
  public HnswConfig withGraph(int m, int efConstruction) {
    return new HnswConfig(dimension, metric, m, efConstruction, efSearch, seed, quantization, oversample);
  }

  /**
   * Returns a copy with another default search width.
   *
   * @param efSearch candidates per query
   * @return the copy
   */
  public HnswConfig withEfSearch(int efSearch) {
    return new HnswConfig(dimension, metric, m, efConstruction, efSearch, seed, quantization, oversample);
  }

  /**
   * Returns a copy with another seed.
   *
   * @param seed the seed
   * @return the copy
   */
  public HnswConfig withSeed(long seed) {
    return new HnswConfig(dimension, metric, m, efConstruction, efSearch, seed, quantization, oversample);
  }

  /**
   * Returns a copy that holds the graph's vectors another way.
   *
   * @param quantization the mode
   * @return the copy
   */
  public HnswConfig withQuantization(HnswQuantization quantization) {
    return new HnswConfig(dimension, metric, m, efConstruction, efSearch, seed, quantization, oversample);
  }

  /**
   * Returns a copy with another oversampling factor for rescoring.
   *
   * @param oversample candidates rescored per wanted hit, 1..100, or 0 for the mode's default
   * @return the copy
   */
  public HnswConfig withOversample(int oversample) {
    return new HnswConfig(dimension, metric, m, efConstruction, efSearch, seed, quantization, oversample);
  }

  /**
   * Returns the candidates rescored per wanted hit: the configured factor or the mode's default.
   *
   * @return the factor, 1 without quantization
   */
  public int rescoreFactor() {
    return oversample > 0 ? oversample : quantization.defaultOversample();
  }

  /** Returns the most links a node keeps on a layer. */
  int maxLinks(int level) {
    return level == 0 ? 2 * m : m;
  }
}
