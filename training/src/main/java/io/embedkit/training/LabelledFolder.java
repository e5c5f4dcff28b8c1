package io.embedkit.training;

import ai.djl.basicdataset.cv.classification.AbstractImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.util.Pair;
import ai.djl.util.Progress;
import io.embedkit.core.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A labelled folder read through DJL basicdataset's folder layout (that of its {@code ImageFolder}): one subfolder
 * per class, named by the class, holding that class's files (images, or audio clips: the extensions decide), at
 * most {@code maxDepth} levels down. Class names are the subfolders' names in sorted order, hidden ones left out.
 * The files themselves are decoded by embedkit's encoders (the Python references' decoding), not by DJL; this
 * dataset gives their paths and labels.
 *
 * <pre>{@code
 * LabelledFolder photos = LabelledFolder.of(Path.of("photos"), LabelledFolder.IMAGES);
 * for (LabelledFolder.Item item : photos.items()) { ... item.path(), item.label() ... }
 * }</pre>
 */
public final class LabelledFolder extends AbstractImageFolder {
  /** Image file extensions. */
  public static final List<String> IMAGES = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp");
  /** Audio file extensions. */
  public static final List<String> AUDIO = List.of(".wav", ".aiff", ".aif", ".flac", ".mp3");

  private final Path root;
  private final List<String> extensions;

  /**
   * One file and its class.
   *
   * @param path the file
   * @param label its class: the name of its class folder
   */
  public record Item(Path path, String label) {}

  private LabelledFolder(Builder builder) {
    super(builder);
    this.root = builder.root;
    this.extensions = builder.extensions;
  }

  /**
   * Lists a labelled folder.
   *
   * @param root the folder of class folders
   * @param extensions the file extensions to take, lower case with the dot
   * @return the dataset, prepared
   * @throws InvalidInputException naming the folder: not a folder, no class folders, or a class folder without
   *     files of these extensions
   * @throws IOException if listing fails
   */
  public static LabelledFolder of(Path root, List<String> extensions) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException("--labels folders needs a folder of class folders; " + root + " is not a"
          + " folder");
    }
    Builder b = new Builder(root, extensions);
    b.setRepositoryPath(root).optMaxDepth(10).setSampling(1, false);
    LabelledFolder folder = new LabelledFolder(b);
    folder.prepare(null);
    return folder;
  }

  @Override
  public void prepare(Progress progress) throws IOException {
    if (prepared) {
      return;
    }
    List<String> classes = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .sorted().forEach(classes::add);
    }
    if (classes.isEmpty()) {
      throw new InvalidInputException(root + " has no class folders (one subfolder per class)");
    }
    synset.clear();
    synset.addAll(classes);
    listImages(root, synset);
    int[] counts = new int[classes.size()];
    for (Pair<String, Integer> item : items) {
      counts[item.getValue()]++;
    }
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        throw new InvalidInputException("class folder " + root.resolve(classes.get(c)) + " holds no files ("
            + String.join(", ", extensions) + ")");
      }
    }
    prepared = true;
  }

  @Override
  protected boolean isImage(File file) {
    String name = file.getName().toLowerCase(Locale.ROOT);
    return file.isFile() && !name.startsWith(".") && extensions.stream().anyMatch(name::endsWith);
  }

  @Override
  protected Path getImagePath(String key) {
    return Paths.get(key);
  }

  @Override
  protected Image getImage(long index) {
    throw new UnsupportedOperationException("embedkit's encoders decode the files: use items()");
  }

  /**
   * Returns the class names.
   *
   * @return the subfolders' names, sorted
   */
  public List<String> classes() {
    return List.copyOf(synset);
  }

  /**
   * Returns every file with its class, sorted by path.
   *
   * @return the items
   */
  public List<Item> items() {
    List<Item> out = new ArrayList<>(items.size());
    for (Pair<String, Integer> item : items) {
      out.add(new Item(Paths.get(item.getKey()), synset.get(item.getValue())));
    }
    out.sort(Comparator.comparing(Item::path));
    return out;
  }

  /** Builds a {@link LabelledFolder}. */
  static final class Builder extends ImageFolderBuilder<Builder> {
    private final Path root;
    private final List<String> extensions;

    Builder(Path root, List<String> extensions) {
      this.root = root;
      this.extensions = List.copyOf(extensions);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
