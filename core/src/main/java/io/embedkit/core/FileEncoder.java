package io.embedkit.core;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An encoder that also reads its items from files with its own decoder, as image and audio encoders do (their
 * decoders give exactly the values the Python references decode). Files are decoded one batch at a time, so
 * memory stays bounded however many files there are.
 */
public interface FileEncoder {
  /**
   * Returns the embeddings of files, in their order.
   *
   * @param files the files
   * @param progress told (files done, files in all) after every batch
   * @return one new vector per file
   * @throws InvalidInputException naming the first file that cannot be read or decoded
   */
  List<float[]> encodeFiles(List<Path> files, Progress progress);

  /**
   * Returns the embeddings of files, in their order, skipping files that cannot be read or decoded: each is
   * reported to {@code skipped} and gets a null vector; the others are embedded as usual.
   *
   * @param files the files
   * @param progress told (files done, files in all) after every batch
   * @param skipped told each file skipped and why
   * @return one vector per file, null for a skipped one
   */
  List<float[]> encodeFiles(List<Path> files, Progress progress, BiConsumer<Path, InvalidInputException> skipped);

  /**
   * Returns the embedding of one file.
   *
   * @param file the file
   * @return the embedding
   * @throws InvalidInputException if the file cannot be read or decoded
   */
  default float[] encodeFile(Path file) {
    return encodeFiles(List.of(file), Progress.NONE).get(0);
  }
}
