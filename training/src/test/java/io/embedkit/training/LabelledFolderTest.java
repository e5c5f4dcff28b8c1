package io.embedkit.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFolderTest {
  @TempDir Path tmp;

  @Test
  void listsClassFoldersAndTheirFilesSorted() throws Exception {
    Files.createDirectories(tmp.resolve("dogs/puppies"));
    Files.createDirectories(tmp.resolve("cats"));
    Files.createDirectories(tmp.resolve(".hidden"));
    Files.write(tmp.resolve("dogs/b.jpg"), new byte[1]);
    Files.write(tmp.resolve("dogs/puppies/a.PNG"), new byte[1]);
    Files.write(tmp.resolve("cats/c.jpg"), new byte[1]);
    Files.write(tmp.resolve("cats/notes.txt"), new byte[1]);
    Files.write(tmp.resolve(".hidden/d.jpg"), new byte[1]);
    Files.write(tmp.resolve("loose.jpg"), new byte[1]);
    LabelledFolder folder = LabelledFolder.of(tmp, LabelledFolder.IMAGES);
    assertThat(folder.classes()).containsExactly("cats", "dogs");
    assertThat(folder.size()).isEqualTo(3);
    assertThat(folder.items()).extracting(i -> tmp.relativize(i.path()).toString() + "=" + i.label())
        .containsExactly("cats/c.jpg=cats", "dogs/b.jpg=dogs", "dogs/puppies/a.PNG=dogs");
  }

  @Test
  void namesAnEmptyClassOrAMissingLayout() throws Exception {
    Files.createDirectories(tmp.resolve("rain"));
    Files.createDirectories(tmp.resolve("birds"));
    Files.write(tmp.resolve("birds/a.wav"), new byte[1]);
    Files.write(tmp.resolve("rain/a.jpg"), new byte[1]);
    assertThatThrownBy(() -> LabelledFolder.of(tmp, LabelledFolder.AUDIO)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("rain").hasMessageContaining("holds no files");
    assertThatThrownBy(() -> LabelledFolder.of(tmp.resolve("birds/a.wav"), LabelledFolder.AUDIO))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a folder");
    Path flat = Files.createDirectories(tmp.resolve("x/flat"));
    Files.write(flat.resolve("a.wav"), new byte[1]);
    assertThatThrownBy(() -> LabelledFolder.of(flat, LabelledFolder.AUDIO)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no class folders");
  }
}
