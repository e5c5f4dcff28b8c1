package io.embedkit.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The README's Spring AI example: {@link Library} is its code, run here in a Spring Boot application with
 * the README's properties; the README's snippet and Library.java hold the same lines.
 */
@SpringBootTest(classes = ReadmeExampleTest.App.class, properties = {"embedkit.model=minilm",
    "embedkit.index.type=hnsw"})
class ReadmeExampleTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Library.class)
  static class App {}

  @Autowired Library library;

  @Test
  void theLibraryFindsRecentHealthNews() {
    List<Document> hits = library.recentHealthNews("AI in medicine");
    assertThat(hits).extracting(Document::getText)
        .containsExactly("Artificial intelligence is revolutionizing healthcare.");
  }

  private static List<String> code(List<String> lines) {
    return lines.stream().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("import ") && !l.startsWith("package ")).toList();
  }

  @Test
  void theReadmeSnippetIsLibraryJava() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int at = readme.indexOf("@Service");
    assertThat(at).as("the README's Spring AI snippet").isPositive();
    int end = at;
    while (!readme.get(end).equals("```")) {
      end++;
    }
    int start = at;
    while (!readme.get(start - 1).equals("```java")) {
      start--;
    }
    List<String> library = Files.readAllLines(Path.of("src/test/java/io/embedkit/springai/Library.java"));
    assertThat(code(readme.subList(start, end))).isEqualTo(code(library));
    for (String l : readme.subList(start, at)) {
      if (l.startsWith("import ")) {
        assertThat(library).as("Library.java imports what the README imports").contains(l);
      }
    }
  }
}
