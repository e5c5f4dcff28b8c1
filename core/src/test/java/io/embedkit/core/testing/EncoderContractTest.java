package io.embedkit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Encoder} must have: the declared dimension, batches equal to one-at-a-time
 * results, thread-safety, positions named for null items, and an idempotent close.
 *
 * @param <T> the item type
 */
public abstract class EncoderContractTest<T> {
  /**
   * Returns the encoder under test; the base class closes it.
   *
   * @return a new encoder
   */
  protected abstract Encoder<T> newEncoder();

  /**
   * Returns a few distinct items, of varied sizes.
   *
   * @return at least three items
   */
  protected abstract List<T> sampleItems();

  /**
   * Returns how far a batched result may be from a one-at-a-time result, per component.
   *
   * @return the tolerance
   */
  protected double batchTolerance() {
    return 1e-6;
  }

  @Test
  void vectorsHaveTheDeclaredDimensionAndAreFinite() {
    try (Encoder<T> encoder = newEncoder()) {
      for (T item : sampleItems()) {
        float[] v = encoder.encode(item);
        assertThat(v).hasSize(encoder.space().dimension());
        for (float f : v) {
          assertThat(Float.isFinite(f)).isTrue();
        }
        if (encoder.space().normalized()) {
          double n = 0;
          for (float f : v) {
            n += f * f;
          }
          assertThat(Math.sqrt(n)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        }
      }
    }
  }

  @Test
  void batchesEqualOneAtATimeResultsInInputOrder() {
    try (Encoder<T> encoder = newEncoder()) {
      List<T> items = new ArrayList<>(sampleItems());
      items.addAll(sampleItems().subList(0, 2));
      List<float[]> batch = encoder.encodeAll(items);
      assertThat(batch).hasSize(items.size());
      for (int i = 0; i < items.size(); i++) {
        float[] single = encoder.encode(items.get(i));
        assertClose(batch.get(i), single, "item " + i);
      }
      assertThat(encoder.encodeAll(List.of())).isEmpty();
    }
  }

  @Test
  void concurrentEncodingGivesTheSequentialResults() throws Exception {
    try (Encoder<T> encoder = newEncoder()) {
      List<T> items = sampleItems();
      List<float[]> expected = new ArrayList<>();
      for (T item : items) {
        expected.add(encoder.encode(item));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<float[]>> futures = new ArrayList<>();
        for (int rep = 0; rep < 8; rep++) {
          for (T item : items) {
            futures.add(pool.submit(() -> encoder.encode(item)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).as("concurrent result " + i)
              .isEqualTo(expected.get(i % items.size()));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aNullItemIsRejectedByPosition() {
    try (Encoder<T> encoder = newEncoder()) {
      List<T> items = new ArrayList<>(sampleItems());
      items.add(1, null);
      assertThatThrownBy(() -> encoder.encodeAll(items))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("position 1");
    }
  }

  @Test
  void closeIsIdempotentAndEncodingAfterItFailsTyped() {
    Encoder<T> encoder = newEncoder();
    T item = sampleItems().get(0);
    assertThat(encoder.encode(item)).hasSize(encoder.space().dimension());
    encoder.close();
    encoder.close();
    assertThatThrownBy(() -> encoder.encode(item)).isInstanceOf(AlreadyClosedException.class);
    assertThatThrownBy(() -> encoder.encodeAll(sampleItems())).isInstanceOf(AlreadyClosedException.class);
  }

  @Test
  void progressIsReportedUpToEveryItemWithTheSameResults() {
    try (Encoder<T> encoder = newEncoder()) {
      List<T> items = new ArrayList<>();
      for (int rep = 0; rep < 3; rep++) {
        items.addAll(sampleItems());
      }
      List<long[]> reports = new ArrayList<>();
      List<float[]> withProgress = encoder.encodeAll(items, (done, total) -> reports.add(new long[] {done, total}));
      List<float[]> without = encoder.encodeAll(items);
      for (int i = 0; i < items.size(); i++) {
        assertClose(withProgress.get(i), without.get(i), "item " + i);
      }
      assertThat(reports).isNotEmpty();
      long last = 0;
      for (long[] r : reports) {
        assertThat(r[1]).as("total").isEqualTo(items.size());
        assertThat(r[0]).as("done never decreases").isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(items.size());
        last = r[0];
      }
      assertThat(last).as("the last report").isEqualTo(items.size());
    }
  }

  private void assertClose(float[] a, float[] b, String what) {
    assertThat(a).as(what).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i]).as(what + " component " + i + " of " + Arrays.toString(b))
          .isCloseTo(b[i], org.assertj.core.api.Assertions.within(batchTolerance()));
    }
  }
}
