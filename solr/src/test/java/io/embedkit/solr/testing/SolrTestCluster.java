package io.embedkit.solr.testing;

import io.embedkit.core.Metric;
import io.embedkit.solr.SolrConfigSet;
import io.embedkit.solr.SolrIndexConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/** One in-JVM SolrCloud (2 nodes, embedded ZooKeeper) shared by the tests of a JVM, shut down at its exit. */
public final class SolrTestCluster {
  private static MiniSolrCloudCluster cluster;
  private static final ConcurrentHashMap<String, SolrIndexConfig> COLLECTIONS = new ConcurrentHashMap<>();

  private SolrTestCluster() {}

  /**
   * Returns the cluster, starting it on first use.
   *
   * @return the cluster
   * @throws Exception if it cannot start
   */
  public static synchronized MiniSolrCloudCluster get() throws Exception {
    if (cluster == null) {
      Path dir = Files.createTempDirectory("embedkit-solrcloud");
      System.setProperty("solr.log.dir", dir.resolve("logs").toString());
      cluster = new MiniSolrCloudCluster(2, dir, JettyConfig.builder().setContext("/solr").build());
      MiniSolrCloudCluster c = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          c.shutdown();
        } catch (Exception ignored) {
          // exiting anyway
        }
      }));
    }
    return cluster;
  }

  /**
   * Returns the base URLs of the running nodes.
   *
   * @return e.g. {@code http://127.0.0.1:PORT/solr}
   * @throws Exception if the cluster cannot start
   */
  public static List<String> urls() throws Exception {
    return get().getJettySolrRunners().stream().filter(JettySolrRunner::isRunning)
        .map(j -> j.getBaseUrl().toString()).toList();
  }

  /**
   * Returns a collection of 2 shards x 2 replicas for vectors of a dimension and metric, created on first use,
   * emptied on each later one.
   *
   * @param dimension the dimension
   * @param metric the metric
   * @return its configuration
   * @throws Exception if Solr fails
   */
  public static SolrIndexConfig collection(int dimension, Metric metric) throws Exception {
    String name = "c" + dimension + "_" + metric.name().toLowerCase(Locale.ROOT);
    SolrIndexConfig existing = COLLECTIONS.get(name);
    if (existing != null) {
      get().getSolrClient().deleteByQuery(name, "*:*");
      get().getSolrClient().commit(name, true, true, true);
      return existing;
    }
    return create(name, dimension, metric, 2, 2);
  }

  /**
   * Creates a collection from embedkit's configset.
   *
   * @param name the collection
   * @param dimension the dimension
   * @param metric the metric
   * @param shards how many shards
   * @param replicas replicas per shard
   * @return its configuration
   * @throws Exception if Solr fails
   */
  public static SolrIndexConfig create(String name, int dimension, Metric metric, int shards, int replicas) throws Exception {
    SolrIndexConfig config = new SolrIndexConfig(urls(), name, dimension, metric, 16, 200);
    Path conf = Files.createTempDirectory("embedkit-conf");
    SolrConfigSet.write(conf, config);
    get().uploadConfigSet(conf, name);
    CollectionAdminRequest.createCollection(name, name, shards, replicas).process(get().getSolrClient());
    get().waitForActiveCollection(name, 60, TimeUnit.SECONDS, shards, shards * replicas);
    COLLECTIONS.put(name, config);
    return config;
  }
}
