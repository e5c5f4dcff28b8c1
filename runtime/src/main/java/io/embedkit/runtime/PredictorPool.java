package io.embedkit.runtime;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.embedkit.core.AlreadyClosedException;
import io.embedkit.core.EmbedkitException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed-size pool of DJL {@link Predictor}s over one model, so many threads can run it at once: DJL's
 * predictors are not thread-safe. Closing the pool closes every predictor, then the model.
 *
 * @param <I> the predictor input
 * @param <O> the predictor output
 */
final class PredictorPool<I, O> implements AutoCloseable {
  private final ZooModel<I, O> model;
  private final BlockingQueue<Predictor<I, O>> idle;
  private final List<Predictor<I, O>> all = new ArrayList<>();
  private final int capacity;
  private volatile boolean closed;

  /**
   * Creates a pool; predictors are created on demand, up to {@code capacity}.
   *
   * @param model the loaded model; the pool takes ownership
   * @param capacity the most predictors, hence concurrent runs
   */
  public PredictorPool(ZooModel<I, O> model, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.model = model;
    this.capacity = capacity;
    this.idle = new ArrayBlockingQueue<>(capacity);
  }


  /**
   * Runs the model on one input, waiting for a free predictor if all are busy.
   *
   * @param input the input
   * @return the output
   * @throws EmbedkitException if the model fails
   * @throws IllegalStateException if the pool is closed
   */
  public O predict(I input) {
    Predictor<I, O> p = acquire();
    try {
      return p.predict(input);
    } catch (TranslateException e) {
      throw new EmbedkitException("the model (" + model.getName() + ") failed: " + e.getMessage(), e);
    } finally {
      idle.offer(p);
    }
  }

  private Predictor<I, O> acquire() {
    if (closed) {
      throw new AlreadyClosedException("the encoder is closed");
    }
    Predictor<I, O> p = idle.poll();
    if (p != null) {
      return p;
    }
    synchronized (all) {
      if (closed) {
        throw new AlreadyClosedException("the encoder is closed");
      }
      if (all.size() < capacity) {
        p = model.newPredictor();
        all.add(p);
        return p;
      }
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbedkitException("interrupted while waiting for a free predictor", e);
    }
  }

  @Override
  public void close() {
    synchronized (all) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        for (Predictor<I, O> p : all) {
          p.close();
        }
        all.clear();
        idle.clear();
      } finally {
        model.close();
      }
    }
  }
}
