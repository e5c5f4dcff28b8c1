package io.embedkit.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AtomicFiles;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.Progress;
import io.embedkit.core.Vectors;
import io.embedkit.runtime.Djl;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A linear map of embeddings learned from labels, so that items of one label come closer together and items of
 * different labels move apart: kNN classification and search then follow the user's labels better. Trained with
 * DJL's training API (PyTorch, CPU) on a supervised contrastive loss (Khosla et al., 2020: for each item, the
 * other items of its label against all items of the batch, cosine similarities over a temperature), starting
 * from the identity; the epoch with the best held-out kNN accuracy is kept (the identity if none beats it).
 *
 * <pre>{@code
 * LinearAdapter adapter = LinearAdapter.fit(vectors, labels, encoder.space(), LinearAdapter.Config.defaults());
 * try (Encoder<String> adapted = adapter.wrap(encoder)) {   // its own embedding space
 *   float[] v = adapted.encode("Bond yields climbed again");
 * }
 * }</pre>
 *
 * <p>Adapted vectors are L2-normalised and compared by cosine. Immutable and thread-safe.
 */
public final class LinearAdapter {
  static final String FORMAT = "embedkit-adapter 1";
  static final String CONFIG_FILE = "adapter.json";

  private final Dense map;
  private final EmbeddingSpace base;
  private final EmbeddingSpace space;
  private final double baseAccuracy;
  private final double accuracy;
  private final int epoch;

  private LinearAdapter(Dense map, EmbeddingSpace base, double baseAccuracy, double accuracy, int epoch) {
    this.map = map;
    this.base = base;
    this.baseAccuracy = baseAccuracy;
    this.accuracy = accuracy;
    this.epoch = epoch;
    this.space = adaptedSpace(map, base);
  }

  /**
   * How an adapter is trained.
   *
   * @param maxEpochs epochs at most
   * @param patience epochs without a better held-out kNN accuracy before stopping
   * @param classesPerBatch labels drawn per batch
   * @param perClass items drawn per label in a batch
   * @param temperature the contrastive loss's temperature
   * @param learningRate Adam's learning rate
   * @param validationFraction share of each label held out to pick the epoch
   * @param k neighbours of the held-out kNN
   * @param seed seeds the split and the batches
   */
  public record Config(int maxEpochs, int patience, int classesPerBatch, int perClass, double temperature,
      double learningRate, double validationFraction, int k, long seed) {
    /** Checks the settings. */
    public Config {
      if (maxEpochs < 1 || patience < 1 || classesPerBatch < 2 || perClass < 2 || k < 1) {
        throw new InvalidInputException("adapter epochs, patience and k must be positive; batches need at least"
            + " two labels of two items");
      }
      if (!(temperature > 0) || !(learningRate > 0) || !(validationFraction > 0 && validationFraction < 1)) {
        throw new InvalidInputException("temperature and learning rate must be positive, the held-out share in"
            + " (0, 1)");
      }
    }

    /**
     * Returns the defaults: 30 epochs at most, patience 5, batches of 16 labels × 4 items, temperature 0.1,
     * Adam at 0.001, 10% held out, k 10, seed 42.
     *
     * @return the configuration
     */
    public static Config defaults() {
      return new Config(30, 5, 16, 4, 0.1, 0.001, 0.1, 10, 42);
    }

    /**
     * Returns this configuration with another seed.
     *
     * @param seed the seed
     * @return the configuration
     */
    public Config withSeed(long seed) {
      return new Config(maxEpochs, patience, classesPerBatch, perClass, temperature, learningRate,
          validationFraction, k, seed);
    }
  }

  /**
   * Learns an adapter from labelled embeddings.
   *
   * @param vectors embeddings of one dimension
   * @param labels one label each, at least two distinct
   * @param base the embeddings' space, or null when unknown
   * @param config the settings
   * @return the adapter
   * @throws InvalidInputException for empty or mismatched inputs or a single label
   */
  public static LinearAdapter fit(List<float[]> vectors, List<String> labels, EmbeddingSpace base, Config config) {
    Objects.requireNonNull(config, "config");
    if (vectors.isEmpty() || vectors.size() != labels.size()) {
      throw new InvalidInputException("an adapter needs as many labels as vectors, and some: " + vectors.size()
          + " vectors, " + labels.size() + " labels");
    }
    int dim = vectors.get(0).length;
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(labels));
    if (names.size() < 2) {
      throw new InvalidInputException("an adapter needs at least two labels, found " + names);
    }
    float[][] x = new float[vectors.size()][];
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      Vectors.check(vectors.get(i), dim, "training vector " + i);
      x[i] = normalized(vectors.get(i));
      y[i] = java.util.Collections.binarySearch(names, labels.get(i));
    }
    int[][] split = EmbeddingClassifier.split(y, names.size(), config.validationFraction(), config.seed());
    Dense identity = identity(dim);
    double baseAccuracy = knnAccuracy(identity, x, y, split[0], split[1], config.k());
    Djl.applyDefaults();
    Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
    try (Model model = Model.newInstance("embedkit-adapter", Device.cpu(), "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(dim).optBias(false).build());
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()) // unused: the loss is computed below
          .optOptimizer(HeadTrainer.adam(config.learningRate(), 0))
          .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, dim));
        Parameter weight = model.getBlock().getParameters().valueAt(0);
        weight.getArray().set(FloatBuffer.wrap(identity.weights()));
        Random random = new Random(config.seed());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
          byClass.add(new ArrayList<>());
        }
        for (int r : split[0]) {
          byClass.get(y[r]).add(r);
        }
        byClass.removeIf(List::isEmpty);
        int batch = Math.min(config.classesPerBatch(), byClass.size()) * config.perClass();
        int steps = Math.max(1, split[0].length / batch);
        Dense best = identity;
        double bestAccuracy = baseAccuracy;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
          for (int s = 0; s < steps; s++) {
            step(trainer, x, y, sample(byClass, config, random), config.temperature());
          }
          float[] w = weight.getArray().toFloatArray();
          Dense now = new Dense(dim, dim, w, new float[dim]);
          double acc = knnAccuracy(now, x, y, split[0], split[1], config.k());
          if (acc > bestAccuracy) {
            bestAccuracy = acc;
            best = now;
            bestEpoch = epoch;
          } else if (epoch - bestEpoch >= config.patience()) {
            break;
          }
        }
        return new LinearAdapter(best, base, baseAccuracy, bestAccuracy, bestEpoch);
      }
    }
  }

  /** Draws a batch: labels at random, then items of each label at random (with repeats for small labels). */
  private static int[] sample(List<List<Integer>> byClass, Config config, Random random) {
    List<Integer> classes = new ArrayList<>();
    for (int c = 0; c < byClass.size(); c++) {
      classes.add(c);
    }
    java.util.Collections.shuffle(classes, random);
    int n = Math.min(config.classesPerBatch(), classes.size());
    int[] rows = new int[n * config.perClass()];
    int i = 0;
    for (int c : classes.subList(0, n)) {
      List<Integer> items = byClass.get(c);
      for (int j = 0; j < config.perClass(); j++) {
        rows[i++] = items.get(random.nextInt(items.size()));
      }
    }
    return rows;
  }

  /** One step of the supervised contrastive loss on a batch. */
  private static void step(Trainer trainer, float[][] x, int[] y, int[] rows, double temperature) {
    int dim = x[0].length;
    int b = rows.length;
    float[] flat = new float[b * dim];
    float[] positives = new float[b * b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(x[rows[i]], 0, flat, i * dim, dim);
      for (int j = 0; j < b; j++) {
        positives[i * b + j] = i != j && y[rows[i]] == y[rows[j]] ? 1f : 0f;
      }
    }
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray xb = m.create(flat, new Shape(b, dim));
      NDArray pos = m.create(positives, new Shape(b, b));
      NDArray self = m.eye(b).mul(1e9f);
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray z = trainer.forward(new NDList(xb)).singletonOrThrow();
        z = z.div(z.norm(new int[] {1}, true).add(1e-12f));
        NDArray sim = z.matMul(z.transpose()).div((float) temperature).sub(self);
        NDArray logProb = sim.logSoftmax(1);
        NDArray perAnchor = logProb.mul(pos).sum(new int[] {1}).div(pos.sum(new int[] {1}).add(1e-12f));
        NDArray loss = perAnchor.neg().mean();
        gc.backward(loss);
      }
      trainer.step();
    }
  }

  /** kNN accuracy (cosine, majority of k) of held-out rows against training rows, both mapped. */
  static double knnAccuracy(Dense map, float[][] x, int[] y, int[] train, int[] held, int k) {
    if (held.length == 0) {
      return 0;
    }
    float[][] t = new float[train.length][];
    for (int i = 0; i < train.length; i++) {
      t[i] = normalized(map.apply(x[train[i]], false));
    }
    int right = 0;
    for (int h : held) {
      float[] q = normalized(map.apply(x[h], false));
      int kk = Math.min(k, t.length);
      int[] top = new int[kk];
      float[] scores = new float[kk];
      java.util.Arrays.fill(scores, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < t.length; i++) {
        float s = Vectors.dot(q, t[i]);
        if (s > scores[kk - 1]) {
          int p = kk - 1;
          while (p > 0 && scores[p - 1] < s) {
            scores[p] = scores[p - 1];
            top[p] = top[p - 1];
            p--;
          }
          scores[p] = s;
          top[p] = i;
        }
      }
      Map<Integer, Integer> votes = new HashMap<>();
      int bestLabel = -1;
      int bestVotes = 0;
      for (int j = 0; j < kk; j++) { // ties go to the label of the nearer neighbour
        int label = y[train[top[j]]];
        int v = votes.merge(label, 1, Integer::sum);
        if (v > bestVotes) {
          bestVotes = v;
          bestLabel = label;
        }
      }
      right += bestLabel == y[h] ? 1 : 0;
    }
    return right / (double) held.length;
  }

  private static Dense identity(int dim) {
    float[] w = new float[dim * dim];
    for (int i = 0; i < dim; i++) {
      w[i * dim + i] = 1f;
    }
    return new Dense(dim, dim, w, new float[dim]);
  }

  private static float[] normalized(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f * f;
    }
    float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  private static EmbeddingSpace adaptedSpace(Dense map, EmbeddingSpace base) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(base == null ? null : base.fingerprint() != null ? base.fingerprint() : base.name())
          .getBytes(StandardCharsets.UTF_8));
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(map.weights().length * 4);
      bytes.asFloatBuffer().put(map.weights());
      sha.update(bytes.array());
      String name = (base == null ? "embeddings" : base.name()) + "+adapter";
      return new EmbeddingSpace(name, map.out(), true, Metric.COSINE, "sha256:" + HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Maps an embedding of the base space.
   *
   * @param vector an embedding of the base space
   * @return the adapted embedding, L2-normalised
   */
  public float[] apply(float[] vector) {
    Vectors.check(vector, map.in(), "vector to adapt");
    return normalized(map.apply(normalized(vector), false));
  }

  /**
   * Maps many embeddings.
   *
   * @param vectors embeddings of the base space
   * @return the adapted embeddings, in order
   */
  public List<float[]> applyAll(List<float[]> vectors) {
    List<float[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(apply(v));
    }
    return out;
  }

  /**
   * Returns an encoder that embeds with {@code encoder} and then adapts; closing it closes {@code encoder}.
   *
   * @param encoder an encoder of the adapter's base space
   * @param <T> the item type
   * @return the adapted encoder, of {@link #space()}
   * @throws InvalidInputException if the encoder's space is not the base space
   */
  public <T> Encoder<T> wrap(Encoder<T> encoder) {
    requireBase(encoder.space(), "the encoder to adapt");
    LinearAdapter adapter = this;
    return new Encoder<>() {
      @Override
      public EmbeddingSpace space() {
        return space;
      }

      @Override
      public float[] encode(T input) {
        return adapter.apply(encoder.encode(input));
      }

      @Override
      public List<float[]> encodeAll(List<? extends T> inputs) {
        return adapter.applyAll(encoder.encodeAll(inputs));
      }

      @Override
      public List<float[]> encodeAll(List<? extends T> inputs, Progress progress) {
        return adapter.applyAll(encoder.encodeAll(inputs, progress));
      }

      @Override
      public void close() {
        encoder.close();
      }
    };
  }

  /**
   * Refuses embeddings of another space than the base space.
   *
   * @param other their space
   * @param what what they are, for the message
   * @throws InvalidInputException naming both spaces when they differ
   */
  public void requireBase(EmbeddingSpace other, String what) {
    if (base != null && other != null) {
      base.requireCompatible(other, what);
    }
  }

  /**
   * Returns the space of adapted embeddings: the base's name with {@code +adapter}, a fingerprint of the base
   * and the weights, normalised, cosine.
   *
   * @return the adapted space
   */
  public EmbeddingSpace space() {
    return space;
  }

  /**
   * Returns the space the adapter takes, when known.
   *
   * @return the base space, or null
   */
  public EmbeddingSpace baseSpace() {
    return base;
  }

  /**
   * Returns the held-out kNN accuracy before adapting and with the kept weights.
   *
   * @return {before, after}
   */
  public double[] heldOutAccuracy() {
    return new double[] {baseAccuracy, accuracy};
  }

  /**
   * Returns the epoch whose weights were kept (0: the identity).
   *
   * @return the epoch
   */
  public int epoch() {
    return epoch;
  }

  /**
   * Saves the adapter into a folder: {@code adapter.json} and {@code weights.bin}, each written atomically.
   *
   * @param folder the folder
   * @throws IOException if writing fails
   */
  public void save(Path folder) throws IOException {
    Files.createDirectories(folder);
    WeightsFile.write(folder.resolve(EmbeddingClassifier.WEIGHTS_FILE), List.of(map));
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    if (base != null) {
      o.add("base", EmbeddingClassifier.spaceJson(base));
    }
    o.addProperty("epoch", epoch);
    o.addProperty("heldOutKnnAccuracyBefore", baseAccuracy);
    o.addProperty("heldOutKnnAccuracyAfter", accuracy);
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    AtomicFiles.write(folder.resolve(CONFIG_FILE), os -> os.write(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Returns whether a folder holds a saved adapter.
   *
   * @param folder the folder
   * @return true if it has {@code adapter.json}
   */
  public static boolean isAdapter(Path folder) {
    return Files.isRegularFile(folder.resolve(CONFIG_FILE));
  }

  /**
   * Loads an adapter saved by {@link #save}.
   *
   * @param folder the folder
   * @return the adapter
   * @throws IOException if reading fails
   * @throws IndexCorruptedException if the files are damaged
   */
  public static LinearAdapter load(Path folder) throws IOException {
    Path configFile = folder.resolve(CONFIG_FILE);
    Path weightsFile = folder.resolve(EmbeddingClassifier.WEIGHTS_FILE);
    if (!isAdapter(folder) || !Files.isRegularFile(weightsFile)) {
      throw new InvalidInputException(folder + " is not a saved adapter: it needs " + CONFIG_FILE + " and "
          + EmbeddingClassifier.WEIGHTS_FILE);
    }
    try {
      JsonObject o = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
      if (!FORMAT.equals(o.get("format").getAsString())) {
        throw new IndexCorruptedException(configFile, "is not an embedkit adapter");
      }
      List<Dense> layers = WeightsFile.read(weightsFile, 1);
      Dense map = layers.get(0);
      if (map.in() != map.out()) {
        throw new IndexCorruptedException(weightsFile, "is not a square map");
      }
      EmbeddingSpace base = o.has("base") ? EmbeddingClassifier.spaceOf(o.getAsJsonObject("base")) : null;
      return new LinearAdapter(map, base, o.get("heldOutKnnAccuracyBefore").getAsDouble(),
          o.get("heldOutKnnAccuracyAfter").getAsDouble(), o.get("epoch").getAsInt());
    } catch (IndexCorruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IndexCorruptedException(configFile, "cannot be read as an adapter: " + e.getMessage(), e);
    }
  }
}
