package io.embedkit.index.flat;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.util.Objects;

/**
 * How to build a {@link FlatIndex}.
 *
 * @param dimension the vector dimension, positive
 * @param metric the metric to rank by
 */
public record FlatIndexConfig(int dimension, Metric metric) {
  /** Validates the fields. */
  public FlatIndexConfig {
    io.embedkit.core.Checks.dimension(dimension, "index");
    Objects.requireNonNull(metric, "metric");
  }
}
