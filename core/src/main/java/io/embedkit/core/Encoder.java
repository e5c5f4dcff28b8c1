package io.embedkit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns items of one modality into vectors of one {@link EmbeddingSpace}. Implementations are thread-safe:
 * one encoder may serve many threads at once.
 *
 * <pre>{@code
 * try (Encoder<String> encoder = ...) {
 *   float[] v = encoder.encode("a sentence");
 * }
 * }</pre>
 *
 * @param <T> the item type: {@code String}, an image, an audio clip
 */
public interface Encoder<T> extends AutoCloseable {
  /**
   * Returns the space this encoder's vectors belong to.
   *
   * @return the embedding space
   */
  EmbeddingSpace space();

  /**
   * Returns the embedding of one item.
   *
   * @param input the item
   * @return a new vector of length {@code space().dimension()}
   * @throws InvalidInputException if the item is null or unusable
   */
  float[] encode(T input);

  /**
   * Returns the embeddings of many items, in their order. Implementations batch the work; results equal
   * those of {@link #encode} one at a time.
   *
   * @param inputs the items
   * @return one new vector per item, in input order
   * @throws InvalidInputException naming the position of a null or unusable item
   */
  default List<float[]> encodeAll(List<? extends T> inputs) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      T item = inputs.get(i);
      if (item == null) {
        throw new InvalidInputException("input at position " + i + " is null");
      }
      out.add(encode(item));
    }
    return out;
  }

  /**
   * Returns the embeddings of many items, in their order, reporting progress. Encoders that batch report after
   * every batch; this default reports once, at the end.
   *
   * @param inputs the items
   * @param progress told (items done, items in all)
   * @return one new vector per item, in input order
   * @throws InvalidInputException naming the position of a null or unusable item
   */
  default List<float[]> encodeAll(List<? extends T> inputs, Progress progress) {
    List<float[]> out = encodeAll(inputs);
    progress.update(inputs.size(), inputs.size());
    return out;
  }

  /**
   * Releases native resources; calling it again does nothing. Encoding after it throws
   * {@link AlreadyClosedException}.
   */
  @Override
  void close();
}
