package io.embedkit.training;

import io.embedkit.core.InvalidInputException;
import java.util.Locale;

/**
 * How an {@link EmbeddingClassifier} is trained.
 *
 * @param head the head: a linear (softmax) layer, or a small MLP
 * @param hidden the MLP's hidden units
 * @param maxEpochs passes over the training items at most
 * @param batchSize items per step
 * @param learningRate Adam's learning rate
 * @param weightDecay L2 weight decay
 * @param validationFraction share of each class held out to pick the epoch and stop early (0 for none: then
 *     every epoch runs and the last weights are kept)
 * @param patience epochs without a better validation loss before stopping
 * @param seed seeds the initial weights, the split and the order of the items
 */
public record ClassifierConfig(Head head, int hidden, int maxEpochs, int batchSize, double learningRate,
    double weightDecay, double validationFraction, int patience, long seed) {
  /** The kind of head. */
  public enum Head {
    /** One linear layer and a softmax: multinomial logistic regression on the embeddings. */
    LINEAR,
    /** A hidden layer with ReLU, then a linear layer and a softmax. */
    MLP;

    /**
     * Parses a head name, ignoring case.
     *
     * @param name {@code linear} or {@code mlp}
     * @return the head
     * @throws InvalidInputException for another name
     */
    public static Head parse(String name) {
      for (Head h : values()) {
        if (h.name().equalsIgnoreCase(String.valueOf(name).trim())) {
          return h;
        }
      }
      throw new InvalidInputException("unknown head '" + name + "': use linear or mlp");
    }

    /**
     * Returns the name the command line uses.
     *
     * @return the lower-case name
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the settings. */
  public ClassifierConfig {
    if (head == null) {
      throw new InvalidInputException("head must not be null");
    }
    if (hidden < 1 || maxEpochs < 1 || batchSize < 1 || patience < 1) {
      throw new InvalidInputException("hidden units, epochs, batch size and patience must be positive");
    }
    if (!(learningRate > 0 && learningRate < 10) || !(weightDecay >= 0 && weightDecay < 1)) {
      throw new InvalidInputException("learning rate must be in (0, 10) and weight decay in [0, 1)");
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new InvalidInputException("validation fraction must be in [0, 1), was " + validationFraction);
    }
  }

  /**
   * Returns the defaults for a head: at most 200 epochs of batches of 64, Adam at 0.01 (linear) or 0.001
   * (MLP, 256 hidden units), weight decay 1e-4, 10% of each class held out, patience 10, seed 42.
   *
   * @param head the head
   * @return the configuration
   */
  public static ClassifierConfig of(Head head) {
    return new ClassifierConfig(head, 256, 200, 64, head == Head.LINEAR ? 0.01 : 0.001, 1e-4, 0.1, 10, 42);
  }

  /**
   * Returns this configuration with another seed.
   *
   * @param seed the seed
   * @return the configuration
   */
  public ClassifierConfig withSeed(long seed) {
    return new ClassifierConfig(head, hidden, maxEpochs, batchSize, learningRate, weightDecay, validationFraction,
        patience, seed);
  }

  /**
   * Returns this configuration with other epoch and early-stopping settings.
   *
   * @param maxEpochs passes at most
   * @param validationFraction share held out (0 for none)
   * @param patience epochs without improvement before stopping
   * @return the configuration
   */
  public ClassifierConfig withEpochs(int maxEpochs, double validationFraction, int patience) {
    return new ClassifierConfig(head, hidden, maxEpochs, batchSize, learningRate, weightDecay, validationFraction,
        patience, seed);
  }

  /**
   * Returns this configuration with another learning rate.
   *
   * @param learningRate Adam's learning rate
   * @return the configuration
   */
  public ClassifierConfig withLearningRate(double learningRate) {
    return new ClassifierConfig(head, hidden, maxEpochs, batchSize, learningRate, weightDecay, validationFraction,
        patience, seed);
  }
}
