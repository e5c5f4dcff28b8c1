package io.embedkit.training;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.AtomicFiles;
import io.embedkit.core.DimensionMismatchException;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.IndexCorruptedException;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * A classifier trained on frozen embeddings: a linear (softmax) or small MLP head, trained with DJL's training
 * API on the PyTorch engine (CPU), the SetFit-style "a few labelled examples per class" workflow.
 *
 * <pre>{@code
 * EmbeddingClassifier clf = EmbeddingClassifier.fit(vectors, labels, encoder.space(),
 *     ClassifierConfig.of(ClassifierConfig.Head.LINEAR));
 * EmbeddingClassifier.Prediction p = clf.predict(encoder.encode("Bond yields climbed again"));
 * clf.save(Path.of("topic-head"));           // and EmbeddingClassifier.load(Path.of("topic-head"))
 * }</pre>
 *
 * <p>Training is reproducible: the same data, configuration and seed give the same weights (when no other
 * training runs at the same time in the process: the seed is the engine's). A trained classifier
 * remembers the {@link EmbeddingSpace} it was trained in and {@link #requireSpace refuses} embeddings of another.
 * Prediction runs in plain Java (no native resources); instances are immutable and thread-safe.
 */
public final class EmbeddingClassifier {
  static final String FORMAT = "embedkit-classifier 1";
  static final String CONFIG_FILE = "classifier.json";
  static final String WEIGHTS_FILE = "weights.bin";

  private final List<String> labels;
  private final List<Dense> layers;
  private final ClassifierConfig.Head head;
  private final EmbeddingSpace space;
  private final Summary summary;

  private EmbeddingClassifier(List<String> labels, List<Dense> layers, ClassifierConfig.Head head,
      EmbeddingSpace space, Summary summary) {
    this.labels = List.copyOf(labels);
    this.layers = List.copyOf(layers);
    this.head = head;
    this.space = space;
    this.summary = summary;
  }

  /**
   * How training went.
   *
   * @param epochs epochs run
   * @param bestEpoch the epoch whose weights were kept
   * @param trainLoss the mean training loss of the last epoch
   * @param validationLoss the kept epoch's validation cross-entropy (NaN without validation)
   * @param validationAccuracy the kept epoch's validation accuracy (NaN without validation)
   * @param trainItems items trained on
   * @param validationItems items held out
   * @param seconds training time
   */
  public record Summary(int epochs, int bestEpoch, double trainLoss, double validationLoss,
      double validationAccuracy, int trainItems, int validationItems, double seconds) {}

  /**
   * A prediction.
   *
   * @param label the most probable label
   * @param probability its probability
   * @param probabilities every label's probability, in the classifier's label order
   */
  public record Prediction(String label, float probability, Map<String, Float> probabilities) {}

  /**
   * Trains a classifier.
   *
   * @param vectors the embeddings, all of one dimension
   * @param labels one label per embedding; at least two distinct labels
   * @param space the space the embeddings come from, or null when unknown
   * @param config the head and training settings
   * @return the classifier
   * @throws InvalidInputException for empty or mismatched inputs, one label only, or bad values
   */
  public static EmbeddingClassifier fit(List<float[]> vectors, List<String> labels, EmbeddingSpace space,
      ClassifierConfig config) {
    Objects.requireNonNull(config, "config");
    if (vectors.isEmpty() || vectors.size() != labels.size()) {
      throw new InvalidInputException("training needs as many labels as vectors, and some: " + vectors.size()
          + " vectors, " + labels.size() + " labels");
    }
    int dim = vectors.get(0).length;
    if (space != null && space.dimension() != dim) {
      throw new DimensionMismatchException("training vectors of space " + space, space.dimension(), dim);
    }
    TreeMap<String, Integer> classes = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      String l = labels.get(i);
      if (l == null || l.isBlank()) {
        throw new InvalidInputException("item " + i + " has no label");
      }
      classes.putIfAbsent(l, 0);
    }
    if (classes.size() < 2) {
      throw new InvalidInputException("training needs at least two labels, found " + classes.keySet());
    }
    List<String> names = new ArrayList<>(classes.keySet());
    for (int c = 0; c < names.size(); c++) {
      classes.put(names.get(c), c);
    }
    float[][] x = new float[vectors.size()][];
    int[] y = new int[vectors.size()];
    for (int i = 0; i < x.length; i++) {
      float[] v = vectors.get(i);
      io.embedkit.core.Vectors.check(v, dim, "training vector " + i);
      x[i] = v;
      y[i] = classes.get(labels.get(i));
    }
    int[][] split = split(y, names.size(), config.validationFraction(), config.seed());
    int hidden = config.head() == ClassifierConfig.Head.MLP ? config.hidden() : 0;
    try (HeadTrainer trainer = new HeadTrainer(dim, names.size(), hidden,
        HeadTrainer.adam(config.learningRate(), config.weightDecay()), config.seed())) {
      HeadTrainer.Result r = trainer.fit(x, y, split[0], split[1], config);
      return new EmbeddingClassifier(names, r.layers(), config.head(), space, r.summary());
    }
  }

  /**
   * Returns the positions of the items that {@link #fit} holds out for validation with these labels and
   * settings (the same draw), so that a caller can report on them.
   *
   * @param labels the training labels, as given to {@code fit}
   * @param config the settings, as given to {@code fit}
   * @return the held-out positions, ascending
   */
  public static int[] heldOut(List<String> labels, ClassifierConfig config) {
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(labels));
    int[] y = new int[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = java.util.Collections.binarySearch(names, labels.get(i));
    }
    int[] v = split(y, names.size(), config.validationFraction(), config.seed())[1];
    java.util.Arrays.sort(v);
    return v;
  }

  /**
   * Splits rows into training and validation: from each class, {@code round(fraction × n)} items drawn with the
   * seed (at least one when the class has two or more and the fraction is positive).
   */
  static int[][] split(int[] y, int classes, double fraction, long seed) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < y.length; i++) {
      byClass.get(y[i]).add(i);
    }
    Random r = new Random(seed ^ 0x5DEECE66DL);
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (List<Integer> rows : byClass) {
      java.util.Collections.shuffle(rows, r);
      int held = fraction <= 0 || rows.size() < 2 ? 0 : Math.max(1, (int) Math.round(fraction * rows.size()));
      validation.addAll(rows.subList(0, held));
      train.addAll(rows.subList(held, rows.size()));
    }
    return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
        validation.stream().mapToInt(Integer::intValue).toArray()};
  }

  static float[] logits(List<Dense> layers, float[] x) {
    float[] h = x;
    for (int i = 0; i < layers.size(); i++) {
      h = layers.get(i).apply(h, i < layers.size() - 1);
    }
    return h;
  }

  /**
   * Predicts the label of an embedding.
   *
   * @param vector an embedding of the classifier's space
   * @return the most probable label and every label's probability
   * @throws DimensionMismatchException if the dimension differs
   */
  public Prediction predict(float[] vector) {
    io.embedkit.core.Vectors.check(vector, dimension(), "vector to classify");
    double[] p = Dense.softmax(logits(layers, vector));
    Map<String, Float> all = new LinkedHashMap<>();
    int arg = 0;
    for (int c = 0; c < p.length; c++) {
      all.put(labels.get(c), (float) p[c]);
      if (p[c] > p[arg]) {
        arg = c;
      }
    }
    return new Prediction(labels.get(arg), (float) p[arg], java.util.Collections.unmodifiableMap(all));
  }

  /**
   * Predicts many embeddings.
   *
   * @param vectors embeddings of the classifier's space
   * @return one prediction each, in order
   */
  public List<Prediction> predictAll(List<float[]> vectors) {
    List<Prediction> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(predict(v));
    }
    return out;
  }

  /**
   * Refuses embeddings of another space than the one the classifier was trained in.
   *
   * @param other the embeddings' space
   * @param what what they are, for the message
   * @throws InvalidInputException naming both spaces when they differ
   */
  public void requireSpace(EmbeddingSpace other, String what) {
    if (space != null && other != null) {
      space.requireCompatible(other, what);
    }
    if (other != null && other.dimension() != dimension()) {
      throw new DimensionMismatchException(what, dimension(), other.dimension());
    }
  }

  /**
   * Returns the labels, in the order of {@link Prediction#probabilities()}.
   *
   * @return the labels, sorted
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * Returns the embedding dimension the classifier takes.
   *
   * @return the dimension
   */
  public int dimension() {
    return layers.get(0).in();
  }

  /**
   * Returns the head.
   *
   * @return linear or MLP
   */
  public ClassifierConfig.Head head() {
    return head;
  }

  /**
   * Returns the space it was trained in, when known.
   *
   * @return the space, or null
   */
  public EmbeddingSpace space() {
    return space;
  }

  /**
   * Returns how training went (for a loaded classifier, as saved).
   *
   * @return the summary
   */
  public Summary summary() {
    return summary;
  }

  /** The weights, for tests. */
  List<Dense> layers() {
    return layers;
  }

  /**
   * Saves the classifier into a folder: {@code classifier.json} (labels, head, space, training summary) and
   * {@code weights.bin} (float32 layers with a CRC-32), each written atomically.
   *
   * @param folder the folder, created if needed
   * @throws IOException if writing fails
   */
  public void save(Path folder) throws IOException {
    Files.createDirectories(folder);
    WeightsFile.write(folder.resolve(WEIGHTS_FILE), layers);
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    o.addProperty("head", head.label());
    JsonArray names = new JsonArray();
    labels.forEach(names::add);
    o.add("labels", names);
    o.addProperty("dimension", dimension());
    if (space != null) {
      o.add("space", spaceJson(space));
    }
    JsonObject t = new JsonObject();
    t.addProperty("epochs", summary.epochs());
    t.addProperty("bestEpoch", summary.bestEpoch());
    t.addProperty("trainLoss", summary.trainLoss());
    if (!Double.isNaN(summary.validationLoss())) {
      t.addProperty("validationLoss", summary.validationLoss());
      t.addProperty("validationAccuracy", summary.validationAccuracy());
    }
    t.addProperty("trainItems", summary.trainItems());
    t.addProperty("validationItems", summary.validationItems());
    t.addProperty("seconds", summary.seconds());
    o.add("training", t);
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    AtomicFiles.write(folder.resolve(CONFIG_FILE), os -> os.write(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Loads a classifier saved by {@link #save}.
   *
   * @param folder the folder
   * @return the classifier
   * @throws IOException if reading fails
   * @throws IndexCorruptedException naming the file if it is not a saved classifier or is damaged
   */
  public static EmbeddingClassifier load(Path folder) throws IOException {
    Path configFile = folder.resolve(CONFIG_FILE);
    Path weightsFile = folder.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(configFile) || !Files.isRegularFile(weightsFile)) {
      throw new InvalidInputException(folder + " is not a saved classifier: it needs " + CONFIG_FILE + " and "
          + WEIGHTS_FILE);
    }
    JsonObject o;
    List<String> labels = new ArrayList<>();
    ClassifierConfig.Head head;
    EmbeddingSpace space = null;
    Summary summary;
    try {
      o = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
      if (!FORMAT.equals(o.get("format").getAsString())) {
        throw new IndexCorruptedException(configFile, "is not an embedkit classifier (" + o.get("format") + ")");
      }
      head = ClassifierConfig.Head.parse(o.get("head").getAsString());
      o.getAsJsonArray("labels").forEach(e -> labels.add(e.getAsString()));
      if (o.has("space")) {
        space = spaceOf(o.getAsJsonObject("space"));
      }
      JsonObject t = o.getAsJsonObject("training");
      summary = new Summary(t.get("epochs").getAsInt(), t.get("bestEpoch").getAsInt(),
          t.get("trainLoss").getAsDouble(),
          t.has("validationLoss") ? t.get("validationLoss").getAsDouble() : Double.NaN,
          t.has("validationAccuracy") ? t.get("validationAccuracy").getAsDouble() : Double.NaN,
          t.get("trainItems").getAsInt(), t.get("validationItems").getAsInt(), t.get("seconds").getAsDouble());
    } catch (IndexCorruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IndexCorruptedException(configFile, "cannot be read as a classifier: " + e.getMessage(), e);
    }
    List<Dense> layers = WeightsFile.read(weightsFile, 2);
    if (layers.get(layers.size() - 1).out() != labels.size()
        || (layers.size() == 2 && layers.get(0).out() != layers.get(1).in())
        || (layers.size() == 2) != (head == ClassifierConfig.Head.MLP)) {
      throw new IndexCorruptedException(weightsFile, "does not fit " + configFile + " (" + labels.size()
          + " labels, " + head.label() + " head)");
    }
    return new EmbeddingClassifier(labels, layers, head, space, summary);
  }

  static JsonObject spaceJson(EmbeddingSpace space) {
    JsonObject s = new JsonObject();
    s.addProperty("name", space.name());
    s.addProperty("dimension", space.dimension());
    s.addProperty("normalized", space.normalized());
    s.addProperty("metric", space.metric().name());
    if (space.fingerprint() != null) {
      s.addProperty("fingerprint", space.fingerprint());
    }
    return s;
  }

  static EmbeddingSpace spaceOf(JsonObject s) {
    return new EmbeddingSpace(s.get("name").getAsString(), s.get("dimension").getAsInt(),
        s.get("normalized").getAsBoolean(), Metric.valueOf(s.get("metric").getAsString()),
        s.has("fingerprint") ? s.get("fingerprint").getAsString() : null);
  }

  @Override
  public String toString() {
    return head.label() + " classifier of " + labels.size() + " labels on " + dimension() + "-d embeddings"
        + (space == null ? "" : " of space " + space.name());
  }
}
