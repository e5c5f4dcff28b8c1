package io.embedkit.runtime;

import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one way embedkit turns items into embeddings, whatever the modality: decode, preprocess into pieces,
 * batch, run the model, pool each row, average an item's pieces, truncate, L2-normalise — reporting progress
 * per batch. Text, image and audio encoders differ only in the {@link Preprocessor} (and decoder) and the
 * {@link Pooler} they configure it with.
 *
 * <pre>{@code
 * EncodePipeline<RgbImage, float[]> pipeline = EncodePipeline.builder(runner, pixels)
 *     .optNormalize(true).optBatchSize(16).build();
 * EncodePipeline<Path, float[]> files = pipeline.decoding(decoder::decode); // decodes one batch at a time
 * List<float[]> vectors = files.encode(paths, Progress.NONE);
 * }</pre>
 *
 * <p>Batches are formed from the pieces longest first: with padding ({@link Preprocessor#pads()}) any pieces
 * share a batch, so padding stays small; without it only pieces of equal size do, so no input is ever padded.
 * Results come back in input order and equal one-at-a-time results. Thread-safe when its preprocessor and
 * pooler are; the model runs on its runner's predictor pool.
 *
 * @param <I> the item type
 * @param <P> the piece type
 */
public final class EncodePipeline<I, P> implements AutoCloseable {
  private final Model runner;
  private final Preprocessor<I, P> preprocessor;
  private final Pooler pooler;
  private final int batchSize;
  private final int dimension;
  private final boolean normalize;
  private final int group;
  private final String noun;
  private final AtomicBoolean closed;

  private EncodePipeline(Builder<I, P> b, AtomicBoolean closed) {
    this.runner = b.runner;
    this.preprocessor = b.preprocessor;
    this.pooler = b.pooler;
    this.batchSize = b.batchSize;
    this.dimension = b.dimension;
    this.normalize = b.normalize;
    this.group = b.group;
    this.noun = b.noun;
    this.closed = closed;
  }

  /**
   * Returns a builder.
   *
   * @param runner the model, e.g. a {@link ModelRunner}; the pipeline takes ownership and closes it
   * @param preprocessor the modality's steps
   * @param <I> the item type
   * @param <P> the piece type
   * @return a builder with batch size 32, the {@link Pooler#shapeRule()}, no truncation, no normalisation
   */
  public static <I, P> Builder<I, P> builder(Model runner, Preprocessor<I, P> preprocessor) {
    return new Builder<>(runner, preprocessor);
  }

  /**
   * Returns this pipeline reading items of another type through a decoder (files, bytes, streams), decoding
   * one batch of items at a time so memory stays bounded. It shares this pipeline's model.
   *
   * @param decoder turns a source item into an item; throws {@link InvalidInputException} naming it
   * @param <S> the source type
   * @return the decoding pipeline
   */
  public <S> EncodePipeline<S, P> decoding(Function<? super S, ? extends I> decoder) {
    Preprocessor<S, P> decoded = new DecodingPreprocessor<>(decoder, preprocessor);
    Builder<S, P> b = new Builder<>(runner, decoded);
    b.pooler = pooler;
    b.batchSize = batchSize;
    b.dimension = dimension;
    b.normalize = normalize;
    b.noun = noun;
    b.group = batchSize;
    return new EncodePipeline<>(b, closed);
  }

  /**
   * Returns the embeddings of items, in their order.
   *
   * @param items the items
   * @param progress told (items done, items in all) after every batch
   * @return one new vector per item
   * @throws InvalidInputException naming the position of a null item, or an unusable item
   * @throws AlreadyClosedException if the pipeline is closed
   */
  public List<float[]> encode(List<? extends I> items, Progress progress) {
    return encode(items, progress, null);
  }

  /**
   * Returns the embeddings of items, in their order, skipping items that cannot be decoded or preprocessed:
   * each is reported to {@code skipped} and gets a null vector.
   *
   * @param items the items
   * @param progress told (items done, items in all) after every batch
   * @param skipped told each item skipped and why; null to fail on the first instead
   * @return one vector per item, null for a skipped one
   * @throws InvalidInputException naming the position of a null item, or (without {@code skipped}) an unusable
   *     item
   * @throws AlreadyClosedException if the pipeline is closed
   */
  public List<float[]> encode(List<? extends I> items, Progress progress,
      BiConsumer<? super I, InvalidInputException> skipped) {
    check(items);
    int n = items.size();
    float[][] out = new float[n][];
    for (int from = 0, end; from < n; from = end) {
      List<Preprocessor.Piece<P>> pieces;
      if (group == Integer.MAX_VALUE) {
        end = n;
        pieces = pieces(items, skipped);
      } else { // decoded one item at a time until a batch's worth of pieces: one long clip is a group of its own
        pieces = new ArrayList<>();
        for (end = from; end < n && end - from < group && pieces.size() < batchSize; end++) {
          for (Preprocessor.Piece<P> p : pieces(items.subList(end, end + 1), skipped)) {
            pieces.add(new Preprocessor.Piece<>(end - from, p.size(), p.weight(), p.value()));
          }
        }
      }
      List<? extends I> part = items.subList(from, end);
      long base = from;
      long partSize = part.size();
      float[][] rows = run(pieces, done -> progress.update(
          Math.min(n, base + done * partSize / pieces.size()), n));
      if (pieces.isEmpty()) {
        progress.update(base + partSize, n);
      }
      combine(pieces, rows, out, from);
    }
    return Arrays.asList(out);
  }

  /** The pieces of a group; with a skip handler, an unusable item is reported and left out. */
  private List<Preprocessor.Piece<P>> pieces(List<? extends I> part,
      BiConsumer<? super I, InvalidInputException> skipped) {
    try {
      return preprocessor.pieces(part);
    } catch (InvalidInputException e) {
      if (skipped == null) {
        throw e;
      }
    }
    List<Preprocessor.Piece<P>> pieces = new ArrayList<>();
    for (int j = 0; j < part.size(); j++) { // one by one, to find the unusable items
      try {
        for (Preprocessor.Piece<P> p : preprocessor.pieces(part.subList(j, j + 1))) {
          pieces.add(new Preprocessor.Piece<>(j, p.size(), p.weight(), p.value()));
        }
      } catch (InvalidInputException e) {
        skipped.accept(part.get(j), e);
      }
    }
    return pieces;
  }

  /**
   * Returns the embedding of every piece of items (an audio clip's windows, a long text's token windows),
   * each truncated and normalised as a whole item's would be.
   *
   * @param items the items
   * @return the pieces with their embeddings, in item order
   * @throws InvalidInputException naming the position of a null item, or an unusable item
   */
  public List<Preprocessor.Piece<float[]>> encodePieces(List<? extends I> items) {
    check(items);
    List<Preprocessor.Piece<P>> pieces = preprocessor.pieces(items);
    float[][] rows = run(pieces, done -> {});
    List<Preprocessor.Piece<float[]>> out = new ArrayList<>(pieces.size());
    for (int i = 0; i < pieces.size(); i++) {
      Preprocessor.Piece<P> p = pieces.get(i);
      out.add(new Preprocessor.Piece<>(p.item(), p.size(), p.weight(), finish(rows[i])));
    }
    return out;
  }

  /**
   * Prepares items and returns a task that only runs the model on their batches, for benchmarks that time
   * the model apart from decoding, preprocessing and pooling.
   *
   * @param items the items; preprocessed now, outside the task
   * @return the model calls
   */
  public Runnable forwardOnly(List<? extends I> items) {
    check(items);
    List<Preprocessor.Piece<P>> pieces = preprocessor.pieces(items);
    List<ModelInput> inputs = new ArrayList<>();
    Integer[] order = longestFirst(pieces);
    int[] ends = batchEnds(pieces, order);
    for (int from = 0; from < order.length; ) {
      int to = ends[from];
      inputs.add(preprocessor.batch(values(pieces, order, from, to)));
      from = to;
    }
    return () -> inputs.forEach(runner::run);
  }

  /**
   * Returns the model this pipeline runs.
   *
   * @return the model
   */
  public Model model() {
    return runner;
  }

  /**
   * Returns what an item is called in messages.
   *
   * @return e.g. {@code "text"}
   */
  public String noun() {
    return noun;
  }


  /**
   * Tells whether {@link #close()} was called on this pipeline or one it shares its model with.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the model; a second call does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      runner.close();
    }
  }

  private void check(List<? extends I> items) {
    if (closed.get()) {
      throw new AlreadyClosedException("the encoder is closed");
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new InvalidInputException("input " + noun + " at position " + i + " is null");
      }
    }
  }

  private float[][] run(List<Preprocessor.Piece<P>> pieces, java.util.function.LongConsumer progress) {
    float[][] rows = new float[pieces.size()][];
    Integer[] order = longestFirst(pieces);
    int[] ends = batchEnds(pieces, order);
    for (int from = 0; from < order.length; ) {
      int to = ends[from];
      ModelInput input = preprocessor.batch(values(pieces, order, from, to));
      ModelOutput output = runner.run(input);
      for (int r = 0; r < to - from; r++) {
        rows[order[from + r]] = pooler.pool(output, input, r);
      }
      progress.accept(to);
      from = to;
    }
    return rows;
  }

  private static <P> Integer[] longestFirst(List<Preprocessor.Piece<P>> pieces) {
    Integer[] order = new Integer[pieces.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // longest first (stable): the costliest batch runs while memory is fresh, and padding stays minimal
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> -pieces.get(i).size()));
    return order;
  }

  /**
   * Splits pieces sorted longest first into batches; returns, for each batch start, where the batch ends. Without
   * padding a batch is a run of equal sizes, at most {@code batchSize} long. With padding the split minimises
   * the padded size of all batches plus a fixed cost per model call ({@link Preprocessor#callCost()}, in size
   * units), so a few long pieces do not make many short ones pay for their length (for 64 sentences of 4 to
   * 60 words, MiniLM ran 1.45× faster than in batches of 32 padded to their longest).
   */
  private int[] batchEnds(List<Preprocessor.Piece<P>> pieces, Integer[] order) {
    int n = order.length;
    int[] ends = new int[n + 1];
    boolean pads = preprocessor.pads();
    long callCost = preprocessor.callCost();
    if (!pads || callCost == Long.MAX_VALUE) {
      for (int from = 0; from < n; ) {
        long size = pieces.get(order[from]).size();
        int to = from + 1;
        while (to < n && to - from < batchSize && (pads || pieces.get(order[to]).size() == size)) {
          to++;
        }
        ends[from] = to;
        from = to;
      }
      return ends;
    }
    double[] best = new double[n + 1]; // best[i]: the least cost of pieces i.. in batches
    for (int from = n - 1; from >= 0; from--) {
      double padded = pieces.get(order[from]).size(); // the longest of any batch that starts here
      best[from] = Double.POSITIVE_INFINITY;
      for (int to = from + 1; to <= n && to - from <= batchSize; to++) {
        double cost = (double) callCost + padded * (to - from) + best[to];
        if (cost <= best[from]) { // a tie goes to the longer batch
          best[from] = cost;
          ends[from] = to;
        }
      }
    }
    return ends;
  }

  private static <P> List<P> values(List<Preprocessor.Piece<P>> pieces, Integer[] order, int from, int to) {
    List<P> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      batch.add(pieces.get(order[i]).value());
    }
    return batch;
  }

  /** Averages each item's pieces weighted by their weights (one piece: as is), then truncates and normalises. */
  private void combine(List<Preprocessor.Piece<P>> pieces, float[][] rows, float[][] out, int offset) {
    int[] count = new int[out.length];
    for (Preprocessor.Piece<P> p : pieces) {
      count[offset + p.item()]++;
    }
    double[][] sums = new double[out.length][];
    double[] weights = new double[out.length];
    for (int s = 0; s < pieces.size(); s++) {
      int item = offset + pieces.get(s).item();
      if (count[item] == 1) {
        out[item] = finish(rows[s]);
        continue;
      }
      float[] r = rows[s];
      int dim = dimension > 0 ? Math.min(dimension, r.length) : r.length;
      if (sums[item] == null) {
        sums[item] = new double[dim];
      }
      double w = pieces.get(s).weight();
      for (int d = 0; d < dim; d++) {
        sums[item][d] += w * r[d];
      }
      weights[item] += w;
    }
    for (int item = 0; item < out.length; item++) {
      if (sums[item] != null) {
        float[] v = new float[sums[item].length];
        for (int d = 0; d < v.length; d++) {
          v[d] = (float) (sums[item][d] / weights[item]);
        }
        out[item] = finish(v);
      }
    }
  }

  private float[] finish(float[] row) {
    float[] v = dimension > 0 && dimension < row.length ? Arrays.copyOf(row, dimension) : row;
    if (normalize) {
      EncoderOutputs.l2Normalize(v);
    }
    return v;
  }

  /**
   * Builds an {@link EncodePipeline}.
   *
   * @param <I> the item type
   * @param <P> the piece type
   */
  public static final class Builder<I, P> {
    private final Model runner;
    private final Preprocessor<I, P> preprocessor;
    private Pooler pooler = Pooler.shapeRule();
    private int batchSize = 32;
    private int dimension;
    private boolean normalize;
    private int group = Integer.MAX_VALUE;
    private String noun = "item";

    private Builder(Model runner, Preprocessor<I, P> preprocessor) {
      this.runner = Objects.requireNonNull(runner, "runner");
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    }

    /**
     * Sets how a model output row becomes an embedding.
     *
     * @param pooler the pooler
     * @return this builder
     */
    public Builder<I, P> optPooler(Pooler pooler) {
      this.pooler = Objects.requireNonNull(pooler, "pooler");
      return this;
    }

    /**
     * Sets the pieces per model call.
     *
     * @param batchSize the batch size, positive
     * @return this builder
     */
    public Builder<I, P> optBatchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new InvalidInputException("batchSize must be positive, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Keeps only the first dimensions of every embedding (Matryoshka models).
     *
     * @param dimension how many to keep, or 0 for all
     * @return this builder
     */
    public Builder<I, P> optDimension(int dimension) {
      this.dimension = dimension;
      return this;
    }

    /**
     * Sets whether embeddings are L2-normalised.
     *
     * @param normalize true to normalise
     * @return this builder
     */
    public Builder<I, P> optNormalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /**
     * Sets what an item is called in messages.
     *
     * @param noun e.g. {@code "text"}, {@code "image"}, {@code "clip"}
     * @return this builder
     */
    public Builder<I, P> optNoun(String noun) {
      this.noun = noun;
      return this;
    }

    /**
     * Returns the pipeline.
     *
     * @return the pipeline
     */
    public EncodePipeline<I, P> build() {
      return new EncodePipeline<>(this, new AtomicBoolean());
    }
  }
}
