package io.embedkit.solr;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a Solr-backed index lives and what its vectors are.
 *
 * @param solrUrls base URLs of SolrCloud nodes, e.g. {@code http://solr1:8983/solr} (any live one serves)
 * @param collection the collection, created from {@link SolrConfigSet} with the same dimension and metric
 * @param dimension the vector dimension
 * @param metric {@link Metric#COSINE}, {@link Metric#DOT} or {@link Metric#L2} (Solr has no L1 vector search)
 * @param m HNSW links per node (Solr's {@code hnswMaxConnections})
 * @param efConstruction HNSW candidates while building (Solr's {@code hnswBeamWidth})
 */
public record SolrIndexConfig(List<String> solrUrls, String collection, int dimension, Metric metric, int m,
    int efConstruction) {
  /** Validates the values. */
  public SolrIndexConfig {
    solrUrls = List.copyOf(solrUrls);
    if (solrUrls.isEmpty()) {
      throw new InvalidInputException("at least one Solr URL is needed");
    }
    if (collection == null || !collection.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidInputException("collection name must be letters, digits, '_', '.' or '-', was '" + collection
          + "'");
    }
    if (dimension < 1 || dimension > 4096) {
      throw new InvalidInputException("dimension must be between 1 and 4096, was " + dimension);
    }
    Objects.requireNonNull(metric, "metric");
    if (metric == Metric.L1) {
      throw new InvalidInputException("Solr has no L1 vector search: use COSINE, DOT or L2");
    }
    if (m < 2 || m > 512 || efConstruction < 1 || efConstruction > 3200) {
      throw new InvalidInputException("m must be in [2, 512] and efConstruction in [1, 3200], were " + m + " and "
          + efConstruction);
    }
  }

  /**
   * Returns a configuration with HNSW defaults (m 16, efConstruction 200).
   *
   * @param solrUrl one node's base URL
   * @param collection the collection
   * @param dimension the dimension
   * @param metric the metric
   * @return the configuration
   */
  public static SolrIndexConfig of(String solrUrl, String collection, int dimension, Metric metric) {
    return new SolrIndexConfig(List.of(solrUrl), collection, dimension, metric, 16, 200);
  }

  /**
   * Returns a configuration for the vectors of an embedding space: its dimension and metric, HNSW defaults.
   *
   * @param solrUrl one node's base URL
   * @param collection the collection
   * @param space the encoder's space
   * @return the configuration
   */
  public static SolrIndexConfig of(String solrUrl, String collection, io.embedkit.core.EmbeddingSpace space) {
    return of(solrUrl, collection, space.dimension(), space.metric());
  }

  /**
   * Parses {@code solr://host:port/collection} (also {@code solr://host:port/solr/collection}).
   *
   * @param location the location
   * @return the node URL and the collection
   * @throws InvalidInputException if it is not of that form
   */
  public static String[] parseLocation(String location) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("solr://([^/]+)(/solr)?/([A-Za-z0-9_.-]+)/?")
        .matcher(location);
    if (!m.matches()) {
      throw new InvalidInputException("'" + location + "' is not solr://host:port/collection");
    }
    return new String[] {"http://" + m.group(1) + "/solr", m.group(3)};
  }

  /** Solr's name for the metric's vector similarity. */
  String similarityFunction() {
    switch (metric) {
      case COSINE:
        return "cosine";
      case DOT:
        return "maximum_inner_product";
      default:
        return "euclidean";
    }
  }

  /** The metric of a Solr similarity name. */
  static Metric metricOf(String similarity) {
    switch (similarity.toLowerCase(Locale.ROOT)) {
      case "cosine":
        return Metric.COSINE;
      case "maximum_inner_product":
      case "dot_product":
        return Metric.DOT;
      case "euclidean":
        return Metric.L2;
      default:
        throw new InvalidInputException("Solr similarity '" + similarity + "' has no embedkit metric");
    }
  }
}
