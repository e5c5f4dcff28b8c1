package io.embedkit.runtime;

import io.embedkit.core.FileEncoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A {@link PipelineEncoder} that also reads its items from files with its own decoder (images, audio), one
 * batch of files at a time.
 *
 * @param <I> the item type
 */
public abstract class FilePipelineEncoder<I> extends PipelineEncoder<I> implements FileEncoder {
  /** Creates the encoder; subclasses build their pipelines in their constructor. */
  protected FilePipelineEncoder() {}

  /**
   * Returns the pipeline that decodes files, sharing the model of {@link #pipeline()}.
   *
   * @return the file pipeline
   */
  protected abstract EncodePipeline<Path, ?> files();

  /**
   * Returns the embedding of a file.
   *
   * @param file the file
   * @return the embedding
   * @throws InvalidInputException if the file is missing, corrupt, truncated, too large or unsupported
   */
  public float[] encode(Path file) {
    return encodeFile(file);
  }

  /**
   * Returns the embeddings of files, in their order, decoding one batch at a time.
   *
   * @param files the files
   * @return one vector per file
   * @throws InvalidInputException naming the first file that cannot be decoded
   */
  public List<float[]> encodeFiles(List<Path> files) {
    return encodeFiles(files, Progress.NONE);
  }

  @Override
  public List<float[]> encodeFiles(List<Path> files, Progress progress) {
    return files().encode(files, progress);
  }

  @Override
  public List<float[]> encodeFiles(List<Path> files, Progress progress,
      BiConsumer<Path, InvalidInputException> skipped) {
    return files().encode(files, progress, skipped);
  }
}
