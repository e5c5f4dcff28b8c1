package io.embedkit.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.embedkit.runtime.Djl;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a classification head on DJL's training API (PyTorch engine, CPU): a {@link SequentialBlock} of
 * {@link Linear} layers (with a ReLU between them for an MLP), softmax cross-entropy, Adam, mini-batches in an
 * order drawn from the seed, validation on held-out items after every epoch, early stopping on the validation
 * loss keeping the best epoch's weights. The weights come out as plain {@link Dense} layers; prediction needs no
 * DJL.
 */
final class HeadTrainer implements AutoCloseable {
  /** What training gave: the layers and how it went. */
  record Result(List<Dense> layers, EmbeddingClassifier.Summary summary) {}

  private final Model model;
  private final Trainer trainer;
  private final int layerCount;

  /**
   * Builds the block and the trainer.
   *
   * @param dimension input dimension
   * @param classes output classes
   * @param hidden hidden units, or 0 for a linear head
   * @param optimizer the optimizer
   * @param seed seeds the engine's random numbers (the initial weights)
   */
  HeadTrainer(int dimension, int classes, int hidden, Optimizer optimizer, long seed) {
    Djl.applyDefaults();
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) seed);
    SequentialBlock block = new SequentialBlock();
    if (hidden > 0) {
      block.add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
    }
    block.add(Linear.builder().setUnits(classes).build());
    this.layerCount = hidden > 0 ? 2 : 1;
    this.model = Model.newInstance("embedkit-head", Device.cpu(), "PyTorch");
    model.setBlock(block);
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(optimizer)
        .optDevices(new Device[] {Device.cpu()});
    this.trainer = model.newTrainer(config);
    trainer.initialize(new Shape(1, dimension));
  }

  static Optimizer adam(double learningRate, double weightDecay) {
    return Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
        .optWeightDecays((float) weightDecay).build();
  }

  /** Runs one optimiser step on a batch; returns the batch's mean loss before the step. */
  float step(float[][] x, int[] y, int[] rows) {
    int dim = x[0].length;
    float[] flat = new float[rows.length * dim];
    long[] labels = new long[rows.length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(x[rows[r]], 0, flat, r * dim, dim);
      labels[r] = y[rows[r]];
    }
    float loss;
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray xb = m.create(flat, new Shape(rows.length, dim));
      NDArray yb = m.create(labels, new Shape(rows.length));
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList pred = trainer.forward(new NDList(xb));
        NDArray l = trainer.getLoss().evaluate(new NDList(yb), pred);
        loss = l.getFloat();
        gc.backward(l);
      }
      trainer.step();
    }
    return loss;
  }

  /** Returns the current weights as plain layers. */
  List<Dense> layers() {
    List<Dense> out = new ArrayList<>(layerCount);
    List<Parameter> params = new ArrayList<>();
    model.getBlock().getParameters().values().forEach(params::add);
    for (int i = 0; i < params.size(); i += 2) {
      NDArray w = params.get(i).getArray();
      NDArray b = params.get(i + 1).getArray();
      long[] shape = w.getShape().getShape();
      out.add(new Dense((int) shape[0], (int) shape[1], w.toFloatArray(), b.toFloatArray()));
    }
    return out;
  }

  /** Replaces the weights (tests start from known ones). */
  void setLayers(List<Dense> layers) {
    List<Parameter> params = new ArrayList<>();
    model.getBlock().getParameters().values().forEach(params::add);
    for (int i = 0; i < layers.size(); i++) {
      params.get(2 * i).getArray().set(FloatBuffer.wrap(layers.get(i).weights()));
      params.get(2 * i + 1).getArray().set(FloatBuffer.wrap(layers.get(i).bias()));
    }
  }

  /**
   * Trains on the given items, validating on others after each epoch.
   *
   * @param x all embeddings
   * @param y their class numbers
   * @param train rows to train on
   * @param validation rows to validate on (may be empty)
   * @param config epochs, batch size, patience, seed
   * @return the best epoch's layers and a summary
   */
  Result fit(float[][] x, int[] y, int[] train, int[] validation, ClassifierConfig config) {
    long start = System.nanoTime();
    Random order = new Random(config.seed());
    int[] rows = train.clone();
    List<Dense> best = layers();
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestAccuracy = Double.NaN;
    int bestEpoch = 0;
    int epoch = 0;
    double trainLoss = Double.NaN;
    while (epoch < config.maxEpochs()) {
      epoch++;
      shuffle(rows, order);
      double sum = 0;
      int batches = 0;
      for (int from = 0; from < rows.length; from += config.batchSize()) {
        int to = Math.min(rows.length, from + config.batchSize());
        int[] batch = java.util.Arrays.copyOfRange(rows, from, to);
        sum += step(x, y, batch);
        batches++;
      }
      trainLoss = sum / batches;
      if (validation.length == 0) {
        continue;
      }
      List<Dense> now = layers();
      double[] eval = evaluate(now, x, y, validation);
      if (eval[0] < bestLoss - 1e-6) {
        bestLoss = eval[0];
        bestAccuracy = eval[1];
        best = now;
        bestEpoch = epoch;
      } else if (epoch - bestEpoch >= config.patience()) {
        break;
      }
    }
    if (validation.length == 0) {
      best = layers();
      bestEpoch = epoch;
    }
    return new Result(best, new EmbeddingClassifier.Summary(epoch, bestEpoch, trainLoss,
        validation.length == 0 ? Double.NaN : bestLoss, bestAccuracy, train.length, validation.length,
        (System.nanoTime() - start) / 1e9));
  }

  /** Mean cross-entropy and accuracy of layers on some rows. */
  static double[] evaluate(List<Dense> layers, float[][] x, int[] y, int[] rows) {
    double loss = 0;
    int right = 0;
    for (int r : rows) {
      double[] p = Dense.softmax(EmbeddingClassifier.logits(layers, x[r]));
      loss -= Math.log(Math.max(p[y[r]], 1e-12));
      int arg = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[arg]) {
          arg = c;
        }
      }
      right += arg == y[r] ? 1 : 0;
    }
    return new double[] {loss / rows.length, right / (double) rows.length};
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      model.close();
    }
  }
}
