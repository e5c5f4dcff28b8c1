package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code search --filter} over typed fields of a .jsonl (numbers stay numbers), for flat and HNSW indexes. */
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

  @ParameterizedTest
  @ValueSource(strings = {"flat", "hnsw"})
  void searchKeepsOnlyWhatTheFilterAccepts(String type) {
    Path index = tmp.resolve(type + ".idx");
    Run build = CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index.toString(), "--type", type);
    assertThat(build.exit()).as(build.err()).isZero();
    Run all = CliTest.run("search", "--index", index.toString(), "--text", "AI in medicine", "--k", "5", "--json");
    assertThat(ids(all.out())).hasSize(5);
    Run some = CliTest.run("search", "--index", index.toString(), "--text", "AI in medicine", "--k", "5", "--json",
        "--filter", "year >= 2020 && lang == 'en'");
    assertThat(some.exit()).as(some.err()).isZero();
    assertThat(ids(some.out())).containsExactlyInAnyOrder("3", "5");
    JsonObject first = JsonParser.parseString(some.out()).getAsJsonArray().get(0).getAsJsonObject();
    assertThat(first.getAsJsonObject("metadata").get("year").getAsJsonPrimitive().isNumber()).isTrue();
    Run none = CliTest.run("search", "--index", index.toString(), "--text", "AI", "--json", "--filter",
        "reviewed == true AND NOT lang IN ['en', 'de']");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(ids(none.out())).isEmpty();
    Run bad = CliTest.run("search", "--index", index.toString(), "--text", "AI", "--filter", "year => 2020");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err().strip()).startsWith("embedkit: filter expression at 6:").doesNotContain("\n");
  }
}
