package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.cli.CliTest.Run;
import io.embedkit.solr.testing.SolrTestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code search --filter} over typed fields of a .jsonl (numbers stay numbers), for flat, HNSW and Solr indexes
 * (Solr: the filter as a filter query on the typed fields).
 */
class FilterCliTest {
  @TempDir static Path tmp;
  static Path jsonl;

  @BeforeAll
  static void embedAndAddFields() throws IOException {
    Path docs = Files.write(tmp.resolve("docs.txt"), DemoCommand.DOCUMENTS);
    Path plain = tmp.resolve("plain.jsonl");
    Run embed = CliTest.run("embed", "text", "--in", docs.toString(), "--out", plain.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (String line : Files.readAllLines(plain)) { // years 2018..2022, languages en/de alternating
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      o.addProperty("year", 2018 + i);
      o.addProperty("lang", i % 2 == 0 ? "en" : "de");
      o.addProperty("reviewed", i < 2);
      lines.add(o.toString());
      i++;
    }
    jsonl = Files.write(tmp.resolve("docs.jsonl"), lines);
  }

  private static List<String> ids(String json) {
    List<String> ids = new ArrayList<>();
    JsonArray hits = JsonParser.parseString(json).getAsJsonArray();
    hits.forEach(h -> ids.add(h.getAsJsonObject().get("id").getAsString()));
    return ids;
  }

  /** A new SolrCloud collection from embedkit's configset, as {@code solr://host:port/NAME}. */
  private static String solrCollection(String name) throws Exception {
    Path conf = tmp.resolve(name + "-conf");
    Run configset = CliTest.run("solr-configset", "--dimension", "384", "--metric", "cosine", "--out",
        conf.toString());
    assertThat(configset.exit()).as(configset.err()).isZero();
    SolrTestCluster.get().uploadConfigSet(conf, name + "-conf");
    org.apache.solr.client.solrj.request.CollectionAdminRequest.createCollection(name, name + "-conf", 2, 1)
        .process(SolrTestCluster.get().getSolrClient());
    SolrTestCluster.get().waitForActiveCollection(name, 60, java.util.concurrent.TimeUnit.SECONDS, 2, 2);
    String url = SolrTestCluster.urls().get(0);
    return "solr://" + url.substring("http://".length(), url.length() - "/solr".length()) + "/" + name;
  }

  @ParameterizedTest
  @ValueSource(strings = {"flat", "hnsw", "solr"})
  void searchKeepsOnlyWhatTheFilterAccepts(String type) throws Exception {
    String index = type.equals("solr") ? solrCollection("filtered") : tmp.resolve(type + ".idx").toString();
    Run build = type.equals("solr") ? CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index)
        : CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index, "--type", type);
    assertThat(build.exit()).as(build.err()).isZero();
    Run all = CliTest.run("search", "--index", index, "--text", "AI in medicine", "--k", "5", "--json");
    assertThat(ids(all.out())).hasSize(5);
    Run some = CliTest.run("search", "--index", index, "--text", "AI in medicine", "--k", "5", "--json",
        "--filter", "year >= 2020 && lang == 'en'");
    assertThat(some.exit()).as(some.err()).isZero();
    assertThat(ids(some.out())).containsExactlyInAnyOrder("3", "5");
    JsonObject first = JsonParser.parseString(some.out()).getAsJsonArray().get(0).getAsJsonObject();
    assertThat(first.getAsJsonObject("metadata").get("year").getAsJsonPrimitive().isNumber()).isTrue();
    Run none = CliTest.run("search", "--index", index, "--text", "AI", "--json", "--filter",
        "reviewed == true AND NOT lang IN ['en', 'de']");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(ids(none.out())).isEmpty();
    Run bad = CliTest.run("search", "--index", index, "--text", "AI", "--filter", "year => 2020");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err().strip()).startsWith("embedkit: filter expression at 6:").doesNotContain("\n");
  }
}
