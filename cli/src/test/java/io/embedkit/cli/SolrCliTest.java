package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.embedkit.core.Metric;
import io.embedkit.cli.CliTest.Run;
import io.embedkit.solr.SolrIndexConfig;
import io.embedkit.solr.testing.SolrTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** index build and search against a SolrCloud collection given as solr://host:port/collection. */
class SolrCliTest {
  @TempDir Path tmp;

  @Test
  void buildIntoSolrThenSearchIt() throws Exception {
    Path conf = tmp.resolve("conf");
    Run configset = CliTest.run("solr-configset", "--dimension", "384", "--metric", "cosine", "--out", conf.toString());
    assertThat(configset.exit()).as(configset.err()).isZero();
    assertThat(Files.readString(conf.resolve("managed-schema.xml"))).contains("vectorDimension=\"384\"")
        .contains("similarityFunction=\"cosine\"");
    SolrTestCluster.get().uploadConfigSet(conf, "docs-conf");
    org.apache.solr.client.solrj.request.CollectionAdminRequest.createCollection("docs", "docs-conf", 2, 1)
        .process(SolrTestCluster.get().getSolrClient());
    SolrTestCluster.get().waitForActiveCollection("docs", 60, java.util.concurrent.TimeUnit.SECONDS, 2, 2);
    SolrIndexConfig config = SolrIndexConfig.of(SolrTestCluster.urls().get(0), "docs", 384, Metric.COSINE);
    String url = config.solrUrls().get(0);
    String location = "solr://" + url.substring("http://".length(), url.length() - "/solr".length()) + "/docs";
    Path docs = tmp.resolve("docs.txt");
    Files.write(docs, DemoCommand.DOCUMENTS);
    Path jsonl = tmp.resolve("docs.jsonl");
    assertThat(CliTest.run("embed", "text", "--in", docs.toString(), "--out", jsonl.toString()).exit()).isZero();
    Run build = CliTest.run("index", "build", "--in", jsonl.toString(), "--out", location);
    assertThat(build.exit()).as(build.err()).isZero();
    assertThat(build.err()).contains("added 5 vectors to " + location + " (5 in the collection");
    Run search = CliTest.run("search", "--index", location, "--text", "AI in medicine", "--k", "2");
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(search.out()).startsWith("1\t0.62").contains("\t1\tArtificial intelligence is revolutionizing healthcare");
    Run missing = CliTest.run("search", "--index", location.replace("/docs", "/nope"), "--text", "x");
    assertThat(missing.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(missing.err()).hasLineCount(1).contains("nope");
  }
}
