package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.index.flat.FlatIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A k-nearest-neighbour classifier over labelled embeddings: a vector gets the label most common among its
 * {@code k} most similar training vectors (exact search); ties go to the label whose neighbours score higher
 * in sum, then to the label that sorts first. Thread-safe; {@link #close()} releases the index.
 */
public final class KnnClassifier implements AutoCloseable {
  private final VectorIndex index;
  private final List<String> labels;
  private final int k;

  private KnnClassifier(VectorIndex index, List<String> labels, int k) {
    this.index = index;
    this.labels = labels;
    this.k = k;
  }

  /**
   * One prediction.
   *
   * @param label the predicted label
   * @param confidence the share of the neighbours that carry it, in (0, 1]
   * @param neighbours the training items consulted, best first (ids are training positions)
   */
  public record Prediction(String label, double confidence, List<SearchHit> neighbours) {}

  /**
   * Builds a classifier from training vectors and their labels.
   *
   * @param vectors the training vectors, finite and of one dimension
   * @param labels one non-blank label per vector
   * @param metric how similarity is measured
   * @param k how many neighbours vote, positive
   * @return the classifier
   */
  public static KnnClassifier fit(List<float[]> vectors, List<String> labels, Metric metric, int k) {
    int dim = Data.check(vectors, 1, "a kNN classifier");
    Data.sameSize(vectors, "training vectors", labels, "labels");
    if (k < 1) {
      throw new InvalidInputException("k must be positive, was " + k);
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i) == null || labels.get(i).isBlank()) {
        throw new InvalidInputException("label of training vector " + i + " is missing");
      }
    }
    FlatIndex index = FlatIndex.create(dim, metric);
    for (int i = 0; i < vectors.size(); i++) {
      index.add(Integer.toString(i), vectors.get(i));
    }
    return new KnnClassifier(index, List.copyOf(labels), k);
  }

  /**
   * Predicts a vector's label.
   *
   * @param vector a finite vector of the training dimension
   * @return the prediction
   */
  public Prediction predict(float[] vector) {
    List<SearchHit> hits = index.search(vector, k);
    Map<String, Integer> votes = new HashMap<>();
    Map<String, Double> scores = new HashMap<>();
    for (SearchHit h : hits) {
      String label = labels.get(Integer.parseInt(h.id()));
      votes.merge(label, 1, Integer::sum);
      scores.merge(label, (double) h.score(), Double::sum);
    }
    String best = null;
    for (String label : votes.keySet()) {
      if (best == null || compare(label, best, votes, scores) > 0) {
        best = label;
      }
    }
    return new Prediction(best, votes.get(best) / (double) hits.size(), hits);
  }

  private static int compare(String a, String b, Map<String, Integer> votes, Map<String, Double> scores) {
    int c = Integer.compare(votes.get(a), votes.get(b));
    if (c != 0) {
      return c;
    }
    c = Double.compare(scores.get(a), scores.get(b));
    return c != 0 ? c : b.compareTo(a);
  }

  /**
   * Predicts every vector's label.
   *
   * @param vectors the vectors
   * @return the predicted labels, in order
   */
  public List<String> predictAll(List<float[]> vectors) {
    List<String> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(predict(v).label());
    }
    return out;
  }

  /**
   * Returns the share of vectors whose predicted label is the given one.
   *
   * @param vectors test vectors
   * @param expected their true labels
   * @return the accuracy in [0, 1]
   */
  public double accuracy(List<float[]> vectors, List<String> expected) {
    Data.sameSize(vectors, "test vectors", expected, "labels");
    if (vectors.isEmpty()) {
      throw new InvalidInputException("accuracy needs at least one test vector");
    }
    List<String> got = predictAll(vectors);
    int right = 0;
    for (int i = 0; i < got.size(); i++) {
      right += got.get(i).equals(expected.get(i)) ? 1 : 0;
    }
    return right / (double) got.size();
  }

  /**
   * Returns how many neighbours vote.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  @Override
  public void close() {
    index.close();
  }
}
