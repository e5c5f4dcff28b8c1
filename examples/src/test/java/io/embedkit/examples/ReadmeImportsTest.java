package io.embedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in the README can be pasted into a file: it imports every type it names, and every import
 * names a real class (on this module's class path, or a source file of another embedkit module). The snippets'
 * code itself is compiled and run by {@link ReadmeQuickStartTest}.
 */
class ReadmeImportsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern TYPE = Pattern.compile("(?<![\\w.@])([A-Z][A-Za-z0-9]*)\\b");
  private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+)\\.([A-Z]\\w*);$");

  static List<String> javaBlocks() throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(README)) {
      if (current == null && line.trim().equals("```java")) {
        current = new StringBuilder();
      } else if (current != null && line.trim().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** The simple type names a snippet uses outside strings and comments, e.g. {@code TextEncoder}. */
  static Set<String> typesUsed(String code) {
    Set<String> out = new TreeSet<>();
    for (String line : code.split("\n")) {
      if (line.startsWith("import ")) {
        continue;
      }
      String stripped = line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*$", "");
      Matcher m = TYPE.matcher(stripped);
      while (m.find()) {
        String name = m.group(1);
        if (!name.equals(name.toUpperCase(java.util.Locale.ROOT))) { // not a CONSTANT
          out.add(name);
        }
      }
    }
    return out;
  }

  private static boolean exists(String qualified) {
    try {
      Class.forName(qualified, false, ReadmeImportsTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      if (!qualified.startsWith("io.embedkit.")) {
        // Spark and LangChain4j are not on this module's class path; embedkit-langchain4j's ReadmeSnippetTest
        // checks its snippet's imports
        return qualified.startsWith("org.apache.spark.sql.") || qualified.startsWith("dev.langchain4j.")
            || qualified.startsWith("org.springframework."); // embedkit-spring-ai's ReadmeExampleTest checks those
      }
      String file = qualified.replace('.', '/') + ".java";
      try (var modules = Files.list(Path.of(".."))) {
        return modules.anyMatch(m -> Files.isRegularFile(m.resolve("src/main/java").resolve(file)));
      } catch (IOException io) {
        return false;
      }
    }
  }

  @Test
  void everySnippetImportsWhatItUsesAndEveryImportExists() throws IOException {
    List<String> blocks = javaBlocks();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
    for (String block : blocks) {
      Set<String> imported = new LinkedHashSet<>();
      for (String line : block.split("\n")) {
        Matcher m = IMPORT.matcher(line.trim());
        if (m.matches()) {
          imported.add(m.group(2));
          assertThat(exists(m.group(1) + "." + m.group(2))).as("README import %s.%s exists", m.group(1), m.group(2))
              .isTrue();
        }
      }
      Matcher declared = Pattern.compile("\\b(?:class|record|interface|enum) ([A-Z]\\w*)").matcher(block);
      while (declared.find()) { // a type the snippet declares itself
        imported.add(declared.group(1));
      }
      Set<String> missing = new TreeSet<>();
      for (String type : typesUsed(block)) {
        if (!imported.contains(type) && !exists("java.lang." + type)) {
          missing.add(type);
        }
      }
      assertThat(missing).as("types used without an import in the README snippet starting%n%s",
          block.lines().limit(3).reduce("", (a, b) -> a + b + "\n")).isEmpty();
    }
  }

  @Test
  void theCheckFindsAMissingImport() {
    assertThat(typesUsed("import a.B;\nTextEncoder e = TextEncoder.minilm(); // Comment\nString s = \"Quoted\";"))
        .containsExactly("String", "TextEncoder");
    assertThat(typesUsed("KMeans.Result r = KMeans.fit(v, KMeans.Config.of(3)); x(Metric.COSINE);"))
        .containsExactly("KMeans", "Metric");
  }
}
