package io.embedkit.runtime;

import java.util.List;

/**
 * A modality's part of an {@link EncodePipeline}: turns items into model-ready pieces (a sentence's token
 * windows, a clip's audio windows, an image's pixels) and pieces into one model call.
 *
 * @param <I> the item type
 * @param <P> the piece type
 */
public interface Preprocessor<I, P> {
  /**
   * Returns the pieces of items, in item order; most items give one piece.
   *
   * @param items the items, none null
   * @return the pieces, each naming its item's position in {@code items}
   * @throws io.embedkit.core.InvalidInputException naming an unusable item
   */
  List<Piece<P>> pieces(List<? extends I> items);

  /**
   * Returns one model call over pieces that may share a batch.
   *
   * @param pieces the pieces, at least one
   * @return the model input
   */
  ModelInput batch(List<P> pieces);

  /**
   * Tells whether pieces of different sizes may share a batch (padded, as token sequences are). When false
   * only pieces of equal {@link Piece#size()} do.
   *
   * @return true if batches are padded
   */
  default boolean pads() {
    return false;
  }

  /**
   * Returns what one model call costs beyond its padded size, in {@link Piece#size()} units, for padded batches:
   * pieces sorted longest first are split into the batches whose padded sizes plus this cost per call add up to
   * the least. Larger values give fewer, fuller batches, 0 a batch per distinct size. The default, the largest
   * value, gives batches of {@code batchSize} whatever their padding.
   *
   * @return the cost of a call in size units, at least 0
   */
  default long callCost() {
    return Long.MAX_VALUE;
  }

  /**
   * One model-ready piece of an item.
   *
   * @param item the item's position in the list given to {@link #pieces}
   * @param size the piece's size: batches are formed longest first, and without padding of equal sizes only
   * @param weight the piece's weight when an item's pieces are averaged (its tokens or samples)
   * @param value the piece
   * @param <P> the piece type
   */
  record Piece<P>(int item, long size, double weight, P value) {}
}
