package io.embedkit.cli;

import io.embedkit.analysis.ClassificationReport;
import io.embedkit.core.InvalidInputException;
import io.embedkit.training.ClassifierConfig;
import io.embedkit.training.EmbeddingClassifier;
import io.embedkit.training.LinearAdapter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains a classification head on labelled vectors and saves it. */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
    description = "Train a linear or MLP classifier on labelled vectors (.jsonl with a label field) and save it for"
        + " classify --model; report accuracy, macro-F1 and the confusion matrix on --test (else on the held-out"
        + " items).")
final class TrainClassifierCommand implements Callable<Integer> {
  @Option(names = "--train", required = true, paramLabel = "VECTORS", description = "Labelled vectors (.jsonl).")
  Path train;

  @Option(names = "--label", defaultValue = "label", paramLabel = "FIELD",
      description = "The field holding each item's label (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to save the classifier in.")
  Path out;

  @Option(names = "--head", defaultValue = "linear", paramLabel = "linear|mlp|adapter",
      description = "A linear (softmax) head, an MLP with one hidden layer, or a linear adapter of the embeddings"
          + " for kNN (classify --model ADAPTER --train ...) (default: ${DEFAULT-VALUE}).")
  String head;

  @Option(names = "--k", defaultValue = "10", description = "Adapter: neighbours of the kNN it reports on (default:"
      + " ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds weights, split and order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", defaultValue = "200", description = "Epochs at most (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--validation", defaultValue = "0.1", paramLabel = "FRACTION",
      description = "Share of each label held out for early stopping; 0 trains every epoch on all (default:"
          + " ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--patience", defaultValue = "10",
      description = "Epochs without a better validation loss before stopping (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--learning-rate", paramLabel = "RATE",
      description = "Adam's learning rate (default: 0.01 linear, 0.001 MLP).")
  Double learningRate;

  @Option(names = "--test", paramLabel = "VECTORS", description = "Labelled vectors to report on after training.")
  Path test;

  @Option(names = "--json", paramLabel = "OUT", description = "Write {method, accuracy, macroF1, items} as JSON.")
  Path json;

  @Option(names = "--plot", paramLabel = "PNG", description = "Draw the confusion matrix as a PNG heat map.")
  Path plot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (head.trim().equalsIgnoreCase("adapter")) {
      return adapter();
    }
    ClassifierConfig config = ClassifierConfig.of(ClassifierConfig.Head.parse(head))
        .withSeed(seed).withEpochs(epochs, validation, patience);
    if (learningRate != null) {
      config = config.withLearningRate(learningRate);
    }
    Inputs inputs = inputs();
    VectorFiles.Labeled data = inputs.data();
    List<String> labels = inputs.labels();
    VectorFiles.Labeled testData = inputs.test();
    EmbeddingClassifier clf = EmbeddingClassifier.fit(data.vectors(), labels, data.space(), config);
    clf.save(out);
    EmbeddingClassifier.Summary s = clf.summary();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "trained a %s head on %d items (%d labels, %d held out) in %.2f s: %d epochs, kept epoch %d"
        + "%s -> %s%n", clf.head().label(), s.trainItems(), clf.labels().size(), s.validationItems(), s.seconds(),
        s.epochs(), s.bestEpoch(), Double.isNaN(s.validationAccuracy()) ? ""
            : String.format(Locale.ROOT, " (validation accuracy %.4f)", s.validationAccuracy()), out);
    List<String> truth = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    if (testData != null) {
      List<String> t = AnalysisCommands.labels(testData, label, test, true);
      for (int i = 0; i < t.size(); i++) {
        truth.add(t.get(i));
        predicted.add(clf.predict(testData.vectors().get(i)).label());
      }
      w.println("on " + test + ":");
    } else {
      for (int i : EmbeddingClassifier.heldOut(labels, config)) {
        truth.add(labels.get(i));
        predicted.add(clf.predict(data.vectors().get(i)).label());
      }
      if (truth.isEmpty()) {
        if (json != null || plot != null) {
          throw new InvalidInputException("--json and --plot report on --test or held-out items: give --test or"
              + " --validation above 0");
        }
        w.flush();
        return 0;
      }
      w.println("on the held-out items:");
    }
    AnalysisCommands.report(w, clf.head().label(), ClassificationReport.of(truth, predicted), json, plot);
    w.flush();
    return 0;
  }

  /** The labelled training vectors and, when given, the test vectors (of the same space). */
  private record Inputs(VectorFiles.Labeled data, List<String> labels, VectorFiles.Labeled test) {}

  private Inputs inputs() throws IOException {
    VectorFiles.Labeled data = AnalysisCommands.read(train);
    List<String> labels = AnalysisCommands.labels(data, label, train, true);
    VectorFiles.Labeled testData = test == null ? null : AnalysisCommands.read(test);
    if (testData != null && data.space() != null && testData.space() != null) {
      data.space().requireCompatible(testData.space(), test.toString());
    }
    return new Inputs(data, labels, testData);
  }

  /** Learns a linear adapter; reports kNN on --test with adapted vectors. */
  private int adapter() throws IOException {
    Inputs inputs = inputs();
    VectorFiles.Labeled data = inputs.data();
    List<String> labels = inputs.labels();
    VectorFiles.Labeled testData = inputs.test();
    long start = System.nanoTime();
    LinearAdapter adapter = LinearAdapter.fit(data.vectors(), labels, data.space(),
        LinearAdapter.Config.defaults().withSeed(seed));
    adapter.save(out);
    PrintWriter w = spec.commandLine().getOut();
    double[] acc = adapter.heldOutAccuracy();
    w.printf(Locale.ROOT, "trained a linear adapter on %d items (%d labels) in %.2f s: kept epoch %d, held-out"
        + " kNN accuracy %.4f -> %.4f -> %s%n", labels.size(), new java.util.TreeSet<>(labels).size(),
        (System.nanoTime() - start) / 1e9, adapter.epoch(), acc[0], acc[1], out);
    if (testData != null) {
      String method = "adapter+knn@" + k;
      AnalysisCommands.report(w, method, AnalysisCommands.knnReport(adapter.applyAll(data.vectors()), labels,
          adapter.applyAll(testData.vectors()), AnalysisCommands.labels(testData, label, test, true), k), json, plot);
      w.println("on " + test);
    } else if (json != null || plot != null) {
      throw new InvalidInputException("--json and --plot of an adapter report on --test: give --test");
    }
    w.flush();
    return 0;
  }
}
