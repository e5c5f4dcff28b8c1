package io.embedkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's LangChain4j snippet is the code {@link RagIngestionExampleTest} runs: its lines from the
 * encoder's opening to the save are the test's, in order, and every class it imports exists here.
 */
class ReadmeSnippetTest {
  private static List<String> between(List<String> lines, String first, String last) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : lines) {
      String t = l.trim();
      in |= t.startsWith(first);
      if (in && !t.isEmpty() && !t.startsWith("//")) {
        out.add(t);
      }
      if (in && t.startsWith(last)) {
        return out;
      }
    }
    throw new AssertionError("no lines from '" + first + "' to '" + last + "'");
  }

  @Test
  void theReadmeSnippetIsTheTestedExample() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int start = readme.indexOf("## LangChain4j and Spring AI");
    assertThat(start).as("README section").isNotNegative();
    List<String> section = readme.subList(start, readme.size());
    List<String> test = Files.readAllLines(Path.of("src/test/java/io/embedkit/langchain4j/RagIngestionExampleTest.java"));
    String first = "try (Encoder<String> minilm";
    assertThat(between(section, first, "store.save(file);")).isEqualTo(between(test, first, "store.save(file);"));
    for (String l : section) {
      if (l.startsWith("```") && !l.equals("```java") && !l.equals("```")) {
        continue;
      }
      if (l.startsWith("import ") && (l.contains("dev.langchain4j") || l.contains("io.embedkit"))) {
        String name = l.substring("import ".length(), l.length() - 1);
        try {
          Class.forName(name, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError("README imports " + name + ", which does not exist", e);
        }
      }
      if (l.startsWith("## ") && !l.startsWith("## LangChain4j and Spring AI")) {
        break;
      }
    }
  }
}
