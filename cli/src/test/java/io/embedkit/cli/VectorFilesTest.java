package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFilesTest {
  @TempDir Path tmp;

  @Test
  void fvecsIsTexmexLittleEndian() throws IOException {
    Path f = tmp.resolve("v.fvecs");
    VectorFiles.writeFvecs(f, List.of(new float[] {1.5f, -2f}, new float[] {0f, 3f}));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(b.getFloat()).isEqualTo(1.5f);
    assertThat(b.getFloat()).isEqualTo(-2f);
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(VectorFiles.read(f).ids()).containsExactly("0", "1");
    Path i = tmp.resolve("t.ivecs");
    VectorFiles.writeIvecs(i, List.of(new int[] {7, 3, 1}));
    assertThat(VectorFiles.readIvecs(i).get(0)).containsExactly(7, 3, 1);
  }

  @Test
  void jsonlKeepsIdsFloatsAndStringFieldsExactly() throws IOException {
    Path f = tmp.resolve("v.jsonl");
    float[] v = {0.1f, 1e-8f, -3.4028235e38f};
    VectorFiles.write(f, new VectorFiles.Labeled(List.of("a\"b"), List.of(v), List.of(Map.of("text", "x\ny"))));
    VectorFiles.Labeled back = VectorFiles.read(f);
    assertThat(back.ids()).containsExactly("a\"b");
    assertThat(back.vectors().get(0)).isEqualTo(v);
    assertThat(back.fields().get(0)).isEqualTo(Map.of("text", "x\ny"));
  }

  @Test
  void mixedDimensionsAreNamedByRow() throws IOException {
    Path f = tmp.resolve("m.jsonl");
    Files.writeString(f, "{\"id\":\"a\",\"vector\":[1,2]}\n{\"id\":\"b\",\"vector\":[1]}\n");
    assertThatThrownBy(() -> VectorFiles.read(f)).isInstanceOf(InvalidInputException.class)
        .hasMessage(f + ": line 2 has dimension 1, the first vector has 2");
    Path g = tmp.resolve("m.fvecs");
    VectorFiles.writeFvecs(g, List.of(new float[2], new float[3]));
    assertThatThrownBy(() -> VectorFiles.read(g)).isInstanceOf(InvalidInputException.class)
        .hasMessage(g + ": row 1 has dimension 3, row 0 has 2");
  }

  @Test
  void textLinesIgnoreOneTrailingNewlineAndAByteOrderMark() throws IOException {
    Path f = tmp.resolve("t.txt");
    Files.writeString(f, "\uFEFFa\r\n\nb\n");
    assertThat(VectorFiles.readLines(f)).containsExactly("a", "", "b");
  }
}
