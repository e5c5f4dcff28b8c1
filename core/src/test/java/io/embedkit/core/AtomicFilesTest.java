package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: all or nothing, and what a killed writer left is removed by the next write to the target. */
class AtomicFilesTest {
  @TempDir Path tmp;

  private Path file(String name, String content, long mtimeMillis) throws IOException {
    Path p = Files.writeString(tmp.resolve(name), content);
    Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
    return p;
  }

  @Test
  void leftoversOfAKilledWriteAreRemovedByTheNextWriteAndNothingElse() throws IOException {
    Path stale = file(".docs.idx.1a2b3c4d5e.tmp", "half", 946_684_800_000L); // 2000-01-01, before this JVM
    Path fresh = file(".docs.idx.ffff.tmp", "in use", System.currentTimeMillis() + 60_000);
    Path otherTarget = file(".other.idx.1a2b.tmp", "not ours", 946_684_800_000L);
    Path notOurs = file(".docs.idx.notes.tmp", "not our pattern", 946_684_800_000L);
    AtomicFiles.write(tmp.resolve("docs.idx"), out -> out.write("new".getBytes()));
    assertThat(Files.readString(tmp.resolve("docs.idx"))).isEqualTo("new");
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(otherTarget).exists();
    assertThat(notOurs).exists();
  }

  @Test
  void aFailedWriteLeavesTheTargetAndNoTemporary() throws IOException {
    Path target = Files.writeString(tmp.resolve("v.jsonl"), "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("partial".getBytes());
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("old");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v.jsonl");
    }
  }

  @Test
  void missingFoldersAreCreated() throws IOException {
    AtomicFiles.write(tmp.resolve("a/b/c.fvecs"), out -> out.write(1));
    assertThat(tmp.resolve("a/b/c.fvecs")).hasSize(1);
  }
}
