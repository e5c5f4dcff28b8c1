package io.embedkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a fake model whose outputs are known: items are float sequences, a model call gets them
 * (padded or not) and returns per position {x, 1}, so the shape rule's masked mean gives {mean of x, 1}.
 */
class EncodePipelineTest {
  /** Records the batches it is given; returns (N, T, 2) hidden states {x_t, 1}. */
  static final class FakeModel implements Model {
    final List<ModelInput> calls = new ArrayList<>();
    boolean closed;

    @Override
    public synchronized ModelOutput run(ModelInput input) {
      calls.add(input);
      ModelInput.Tensor t = input.tensors().get(0);
      int n = (int) t.shape()[0];
      int len = (int) t.shape()[1];
      float[] out = new float[n * len * 2];
      for (int i = 0; i < n * len; i++) {
        out[2 * i] = t.floats()[i];
        out[2 * i + 1] = 1;
      }
      return new ModelOutput(out, new long[] {n, len, 2});
    }

    @Override
    public String engineName() {
      return "fake";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Items are sequences; an item longer than {@code window} is cut into windows (pieces) weighted by length. */
  static class Sequences implements Preprocessor<float[], float[]> {
    final boolean pads;
    final int window;

    Sequences(boolean pads, int window) {
      this.pads = pads;
      this.window = window;
    }

    @Override
    public List<Piece<float[]>> pieces(List<? extends float[]> items) {
      List<Piece<float[]>> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        float[] x = items.get(i);
        if (x.length == 0) {
          throw new InvalidInputException("item " + i + " is empty");
        }
        for (int start = 0; start < x.length; start += window) {
          float[] w = Arrays.copyOfRange(x, start, Math.min(x.length, start + window));
          out.add(new Piece<>(i, w.length, w.length, w));
        }
      }
      return out;
    }

    @Override
    public ModelInput batch(List<float[]> pieces) {
      int len = pieces.stream().mapToInt(p -> p.length).max().orElseThrow();
      float[] data = new float[pieces.size() * len];
      long[] mask = new long[pieces.size() * len];
      for (int r = 0; r < pieces.size(); r++) {
        System.arraycopy(pieces.get(r), 0, data, r * len, pieces.get(r).length);
        Arrays.fill(mask, r * len, r * len + pieces.get(r).length, 1);
      }
      return new ModelInput(List.of(ModelInput.Tensor.floats("x", data, pieces.size(), len)), pieces.size(), mask);
    }

    @Override
    public boolean pads() {
      return pads;
    }
  }

  private static float[] seq(float... x) {
    return x;
  }

  private static float mean(float[] x) {
    double s = 0;
    for (float f : x) {
      s += f;
    }
    return (float) (s / x.length);
  }

  @Test
  void paddedBatchesRunLongestFirstAndResultsComeBackInInputOrder() {
    FakeModel model = new FakeModel();
    List<float[]> items = List.of(seq(1), seq(1, 2, 3), seq(5, 5), seq(2, 4, 6, 8), seq(7));
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(true, 100))
        .optBatchSize(2).build()) {
      List<float[]> out = p.encode(items, io.embedkit.core.Progress.NONE);
      for (int i = 0; i < items.size(); i++) {
        assertThat(out.get(i)).as("item " + i).containsExactly(mean(items.get(i)), 1f);
      }
      // lengths 4 and 3, then 2 and 1, then 1: padded batches of at most 2, longest first
      assertThat(model.calls).extracting(ModelInput::rows).containsExactly(2, 2, 1);
      assertThat(model.calls).extracting(c -> c.tensors().get(0).shape()[1]).containsExactly(4L, 2L, 1L);
    }
    assertThat(model.closed).as("closing the pipeline closes its model").isTrue();
  }

  @Test
  void paddedBatchesAreSplitWherePaddingWouldCostMoreThanAnotherCall() {
    FakeModel model = new FakeModel();
    Sequences costly = new Sequences(true, 100) {
      @Override
      public long callCost() {
        return 10;
      }
    };
    List<float[]> items = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      items.add(i == 3 ? new float[40] : new float[] {i, i + 1, i + 2});
    }
    items.add(new float[] {9, 9, 9, 9}); // alone 10 + 4 and the 3s 10 + 18, or 10 + 4 * 7 together
    for (int i = 0; i < 8; i++) {
      items.add(new float[] {8, i});
    }
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, costly).optBatchSize(8).build()) {
      List<float[]> out = p.encode(items, io.embedkit.core.Progress.NONE);
      for (int i = 0; i < items.size(); i++) {
        assertThat(out.get(i)).as("item " + i).containsExactly(mean(items.get(i)), 1f);
      }
      // the 40 alone (padding others to 40 costs far more than a call), the 4 with the six 3s (38 < 42), then
      // the eight 2s in a batch of their own
      assertThat(model.calls).extracting(c -> c.tensors().get(0).shape()[1]).containsExactly(40L, 4L, 2L);
      assertThat(model.calls).extracting(ModelInput::rows).containsExactly(1, 7, 8);
    }
  }

  @Test
  void withoutPaddingOnlyPiecesOfEqualSizeShareABatch() {
    FakeModel model = new FakeModel();
    List<float[]> items = List.of(seq(1, 2), seq(3), seq(4, 5), seq(6), seq(7, 8));
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(false, 100))
        .optBatchSize(8).build()) {
      List<float[]> out = p.encode(items, io.embedkit.core.Progress.NONE);
      for (int i = 0; i < items.size(); i++) {
        assertThat(out.get(i)).as("item " + i).containsExactly(mean(items.get(i)), 1f);
      }
      assertThat(model.calls).extracting(ModelInput::rows).containsExactly(3, 2);
      for (ModelInput c : model.calls) {
        assertThat(c.mask()).as("no padding").containsOnly(1L);
      }
    }
  }

  @Test
  void anItemsPiecesAreAveragedByWeightThenTruncatedAndNormalised() {
    FakeModel model = new FakeModel();
    // windows of 2: {1, 3} mean 2 weight 2, {8} mean 8 weight 1 -> (2*2 + 8*1) / 3 = 4
    List<float[]> items = List.of(seq(1, 3, 8), seq(6));
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(true, 2)).build()) {
      List<float[]> out = p.encode(items, io.embedkit.core.Progress.NONE);
      assertThat(out.get(0)).containsExactly(4f, 1f);
      assertThat(out.get(1)).containsExactly(6f, 1f);
      List<Preprocessor.Piece<float[]>> pieces = p.encodePieces(items);
      assertThat(pieces).extracting(Preprocessor.Piece::item).containsExactly(0, 0, 1);
      assertThat(pieces.get(0).value()).containsExactly(2f, 1f);
      assertThat(pieces.get(1).value()).containsExactly(8f, 1f);
    }
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(new FakeModel(), new Sequences(true, 2))
        .optDimension(1).build()) {
      assertThat(p.encode(items, io.embedkit.core.Progress.NONE).get(0)).containsExactly(4f);
    }
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(new FakeModel(), new Sequences(true, 2))
        .optNormalize(true).build()) {
      float[] v = p.encode(List.of(seq(3, 3)), io.embedkit.core.Progress.NONE).get(0);
      assertThat(v[0]).isCloseTo(0.94868330f, within(1e-7f)); // (3, 1) / sqrt(10)
      assertThat(v[1]).isCloseTo(0.31622777f, within(1e-7f));
    }
  }

  @Test
  void progressIsReportedPerBatchUpToTheLastItem() {
    FakeModel model = new FakeModel();
    List<float[]> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(seq(i, i));
    }
    List<Long> done = new ArrayList<>();
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(true, 100))
        .optBatchSize(3).build()) {
      p.encode(items, (d, total) -> {
        assertThat(total).isEqualTo(10);
        done.add(d);
      });
    }
    assertThat(done).containsExactly(3L, 6L, 9L, 10L);
  }

  @Test
  void aDecodingPipelineDecodesABatchAtATimeAndCanSkipUnusableItems() {
    FakeModel model = new FakeModel();
    Map<String, float[]> files = new LinkedHashMap<>();
    files.put("a", seq(1, 1));
    files.put("broken", null);
    files.put("b", seq(2, 4));
    files.put("empty", seq());
    files.put("c", seq(9));
    List<String> decoded = new ArrayList<>();
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(true, 100))
        .optBatchSize(2).build()) {
      EncodePipeline<String, float[]> byName = p.decoding(name -> {
        decoded.add(name);
        if (files.get(name) == null) {
          throw new InvalidInputException(name + ": corrupt");
        }
        return files.get(name);
      });
      List<String> names = new ArrayList<>(files.keySet());
      assertThatThrownBy(() -> byName.encode(names, io.embedkit.core.Progress.NONE))
          .isInstanceOf(InvalidInputException.class).hasMessage("broken: corrupt");
      assertThat(decoded).as("decoding stops in the failing batch").containsExactly("a", "broken");
      Map<String, String> skipped = new LinkedHashMap<>();
      List<float[]> out = byName.encode(names, io.embedkit.core.Progress.NONE,
          (name, e) -> skipped.put(name, e.getMessage()));
      assertThat(skipped).containsExactly(Map.entry("broken", "broken: corrupt"),
          Map.entry("empty", "item 0 is empty"));
      assertThat(out.get(0)).containsExactly(1f, 1f);
      assertThat(out.get(1)).isNull();
      assertThat(out.get(2)).containsExactly(3f, 1f);
      assertThat(out.get(3)).isNull();
      assertThat(out.get(4)).containsExactly(9f, 1f);
      p.close();
      assertThatThrownBy(() -> byName.encode(List.of("a"), io.embedkit.core.Progress.NONE))
          .as("the decoding pipeline shares the model, and its closing").isInstanceOf(AlreadyClosedException.class);
    }
  }

  @Test
  void aLongDecodedItemIsAGroupOfItsOwnSoOnlyItIsHeldAtOnce() {
    FakeModel model = new FakeModel();
    Map<String, float[]> files = Map.of("long", seq(1, 2, 3, 4, 5, 6, 7), "s1", seq(8), "s2", seq(9), "s3", seq(7));
    List<String> events = new ArrayList<>();
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(model, new Sequences(false, 2))
        .optBatchSize(3).build()) {
      EncodePipeline<String, float[]> byName = p.decoding(name -> {
        events.add("decode " + name + " after " + model.calls.size() + " calls");
        return files.get(name);
      });
      List<float[]> out = byName.encode(List.of("long", "s1", "s2", "s3"), io.embedkit.core.Progress.NONE);
      // "long" gives 4 pieces (a batch's worth): it runs before anything else is decoded; the short ones
      // (1 piece each) are decoded together until a batch's worth of pieces
      assertThat(events).containsExactly("decode long after 0 calls", "decode s1 after 2 calls",
          "decode s2 after 2 calls", "decode s3 after 2 calls");
      assertThat(out.get(0)[0]).isCloseTo(4f, within(1e-6f)); // windows {1,2},{3,4},{5,6},{7} weighted by length
      assertThat(out.get(1)).containsExactly(8f, 1f);
      assertThat(out.get(3)).containsExactly(7f, 1f);
    }
  }

  @Test
  void nullItemsAreNamedByPosition() {
    try (EncodePipeline<float[], float[]> p = EncodePipeline.builder(new FakeModel(), new Sequences(true, 100))
        .optNoun("sequence").build()) {
      List<float[]> items = new ArrayList<>(List.of(seq(1), seq(2)));
      items.add(1, null);
      assertThatThrownBy(() -> p.encode(items, io.embedkit.core.Progress.NONE))
          .isInstanceOf(InvalidInputException.class).hasMessage("input sequence at position 1 is null");
    }
  }

  @Test
  void theShapeRulePoolsEachRankAsDesignSays() {
    Pooler rule = Pooler.shapeRule();
    ModelInput two = new ModelInput(List.of(ModelInput.Tensor.floats("x", new float[2], 2, 1)), 2, null);
    // (N, D): the row as is
    assertThat(rule.pool(new ModelOutput(new float[] {1, 2, 3, 4}, new long[] {2, 2}), two, 1)).containsExactly(3, 4);
    // (N, T, D) with a mask: the mean over the real tokens only
    ModelInput masked = new ModelInput(List.of(ModelInput.Tensor.floats("x", new float[6], 2, 3)), 2,
        new long[] {1, 1, 0, 1, 0, 0});
    float[] hidden = {1, 10, 3, 30, 100, 1000, 5, 50, 7, 70, 9, 90};
    assertThat(rule.pool(new ModelOutput(hidden, new long[] {2, 3, 2}), masked, 0)).containsExactly(2, 20);
    assertThat(rule.pool(new ModelOutput(hidden, new long[] {2, 3, 2}), masked, 1)).containsExactly(5, 50);
    // (N, C, H, W): the mean over each channel's plane
    float[] maps = {1, 2, 3, 4, 10, 20, 30, 40, 0, 0, 0, 0, 8, 8, 8, 8};
    assertThat(rule.pool(new ModelOutput(maps, new long[] {2, 2, 2, 2}), two, 0)).containsExactly(2.5f, 25f);
    assertThat(rule.pool(new ModelOutput(maps, new long[] {2, 2, 2, 2}), two, 1)).containsExactly(0f, 8f);
    assertThatThrownBy(() -> rule.pool(new ModelOutput(new float[3], new long[] {3, 1}), two, 0))
        .hasMessage("model output has 3 rows for 2 inputs");
  }
}
