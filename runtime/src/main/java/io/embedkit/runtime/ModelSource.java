package io.embedkit.runtime;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a model comes from: an embedded default by name, a local folder or file, a classpath resource, or
 * a URL ({@code djl://}, {@code https://}, {@code file://}). A source is a value: creating one does no
 * I/O; {@link #resolve()} finds or fetches the model once and caches the answer.
 *
 * <pre>{@code
 * ModelSource source = ModelSource.parse("minilm");          // or "/models/bge", "djl://..."
 * Path folder = source.resolve().directory();
 * }</pre>
 */
public final class ModelSource {
  /** The kinds of location a model can come from. */
  public enum Kind {
    /** A model shipped in a jar, by short name. */
    EMBEDDED,
    /** A local model folder. */
    DIRECTORY,
    /** A local weights file; its folder holds the configuration. */
    FILE,
    /** A classpath resource: a file or a folder. */
    CLASSPATH,
    /** A URL resolved through DJL's repositories; needs the network unless it is local. */
    URL,
    /** A Hugging Face hub repository, {@code ORG/NAME[@REVISION]}, fetched into the hub cache. */
    HUB
  }

  /** The prefix naming a Hugging Face hub repository: {@code hf:ORG/NAME[@REVISION]}. */
  public static final String HUB_PREFIX = "hf:";

  /** System property naming the folder embedded and classpath models are unpacked into. */
  public static final String CACHE_DIR_PROPERTY = "embedkit.cache.dir";

  private static final String COMPLETE_MARKER = ".embedkit-complete";

  private final Kind kind;
  private final String location;
  private volatile ResolvedModel resolved;
  /** Set for a plain ORG/NAME read as a hub id because no such local path exists: failures say both. */
  private Path notLocal;

  private ModelSource(Kind kind, String location) {
    this.kind = Objects.requireNonNull(kind);
    if (location == null || location.isBlank()) {
      throw new ModelLoadException("a model location must not be null or blank");
    }
    this.location = location;
  }

  /**
   * Returns the source of an embedded model.
   *
   * @param name its short name, e.g. {@code "minilm"}
   * @return the source
   */
  public static ModelSource embedded(String name) {
    return new ModelSource(Kind.EMBEDDED, name);
  }

  /**
   * Returns the source of a local model folder.
   *
   * @param dir the folder
   * @return the source
   */
  public static ModelSource directory(Path dir) {
    return new ModelSource(Kind.DIRECTORY, dir.toString());
  }

  /**
   * Returns the source of a local weights file whose folder holds the configuration files.
   *
   * @param file the file
   * @return the source
   */
  public static ModelSource file(Path file) {
    return new ModelSource(Kind.FILE, file.toString());
  }

  /**
   * Returns the source of a classpath resource, a file or a folder.
   *
   * @param resource an absolute resource name, e.g. {@code "/models/tiny-bert"}
   * @return the source
   */
  public static ModelSource classpath(String resource) {
    return new ModelSource(Kind.CLASSPATH, resource.startsWith("/") ? resource : "/" + resource);
  }

  /**
   * Returns the source of a model URL understood by DJL's repositories.
   *
   * @param url e.g. {@code djl://ai.djl.huggingface.pytorch/sentence-transformers/all-MiniLM-L6-v2}
   * @return the source
   */
  public static ModelSource url(String url) {
    return new ModelSource(Kind.URL, url);
  }

  /**
   * Returns the source of a Hugging Face hub repository, fetched through the hub's file API into the cache
   * {@code huggingface_hub} uses (see {@link HubSettings#fromEnvironment()}).
   *
   * @param repo {@code ORG/NAME}
   * @param revision a branch, tag or commit, or null for {@code main}
   * @return the source
   * @throws ModelLoadException if {@code repo} is no repository id
   */
  public static ModelSource hub(String repo, String revision) {
    if (!HubClient.isRepoId(repo)) {
      throw new ModelLoadException("'" + repo + "' is no hub repository id (ORG/NAME)");
    }
    return new ModelSource(Kind.HUB, revision == null || revision.isBlank() ? repo : repo + "@" + revision.trim());
  }

  /**
   * Returns whether a user's string names a hub repository: {@code hf:ORG/NAME[@REVISION]}, or
   * {@code ORG/NAME[@REVISION]} when no such local file or folder exists.
   *
   * @param spec the string
   * @return true if {@link #parse} reads it as a hub repository
   */
  public static boolean isHub(String spec) {
    if (spec == null) {
      return false;
    }
    String s = spec.trim();
    if (s.startsWith(HUB_PREFIX)) {
      return true;
    }
    int at = s.indexOf('@');
    String repo = at < 0 ? s : s.substring(0, at);
    if (!HubClient.isRepoId(repo)) {
      return false;
    }
    try {
      return !Files.exists(Paths.get(s));
    } catch (java.nio.file.InvalidPathException e) {
      return true;
    }
  }

  /**
   * Returns the source a user's string names: a URL (anything with {@code ://}), {@code classpath:...},
   * {@code hf:ORG/NAME[@REVISION]}, an existing file or folder, an embedded model's name, or else
   * {@code ORG/NAME[@REVISION]} on the hub.
   *
   * @param spec the string
   * @return the source
   * @throws ModelLoadException if it is none of these, listing what was tried
   */
  public static ModelSource parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new ModelLoadException("a model must be named: an embedded name (" + embeddedNames()
          + "), a folder, a file, classpath:/resource or a URL");
    }
    String s = spec.trim();
    if (s.contains("://")) {
      return url(s);
    }
    if (s.startsWith("classpath:")) {
      return classpath(s.substring("classpath:".length()));
    }
    if (s.startsWith(HUB_PREFIX)) {
      return parseHub(s.substring(HUB_PREFIX.length()), spec);
    }
    Path p = Paths.get(s);
    if (Files.isDirectory(p)) {
      return directory(p);
    }
    if (Files.isRegularFile(p)) {
      return file(p);
    }
    if (embeddedModels().containsKey(s.toLowerCase(Locale.ROOT))) {
      return embedded(s.toLowerCase(Locale.ROOT));
    }
    if (isHub(s)) {
      ModelSource hub = parseHub(s, spec);
      hub.notLocal = p.toAbsolutePath();
      return hub;
    }
    throw new ModelLoadException("model '" + s + "' not found: it is no folder or file (looked at "
        + p.toAbsolutePath() + "), no embedded model (known: " + embeddedNames()
        + "), no classpath:/resource, no hub id (hf:ORG/NAME) and no URL (djl://, https://, file://)");
  }

  private static ModelSource parseHub(String id, String spec) {
    int at = id.indexOf('@');
    String repo = at < 0 ? id : id.substring(0, at);
    if (!HubClient.isRepoId(repo)) {
      throw new ModelLoadException("'" + spec + "' is no hub id: expected hf:ORG/NAME or hf:ORG/NAME@REVISION");
    }
    return hub(repo, at < 0 ? null : id.substring(at + 1));
  }

  /**
   * Returns the kind of location.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the location as given: a name, a path, a resource or a URL.
   *
   * @return the location
   */
  public String location() {
    return location;
  }

  /**
   * Finds the model, fetching or unpacking it the first time, and returns where it is on disk.
   *
   * @return the local model
   * @throws ModelLoadException saying what was looked for and where when it cannot be found
   */
  public ResolvedModel resolve() {
    ResolvedModel r = resolved;
    if (r == null) {
      synchronized (this) {
        r = resolved;
        if (r == null && kind == Kind.HUB) {
          int at = location.indexOf('@');
          HubSnapshot snapshot;
          try {
            snapshot = new HubClient(HubSettings.fromEnvironment())
                .snapshot(at < 0 ? location : location.substring(0, at), at < 0 ? null : location.substring(at + 1));
          } catch (ModelLoadException e) {
            if (notLocal == null) {
              throw e;
            }
            throw new ModelLoadException("model '" + location + "': no such folder or file (" + notLocal
                + "), and as a hub id: " + e.getMessage(), e);
          }
          r = new ResolvedModel(this, snapshot.directory(), snapshot.online() ? snapshot : null);
          resolved = r;
        }
        if (r == null) {
          r = new ResolvedModel(this, locate());
          resolved = r;
        }
      }
    }
    return r;
  }

  private Path locate() {
    switch (kind) {
      case DIRECTORY: {
        Path p = Paths.get(location);
        if (!Files.isDirectory(p)) {
          throw new ModelLoadException("model folder " + p.toAbsolutePath()
              + (Files.exists(p) ? " is a file, not a folder" : " does not exist"));
        }
        return p;
      }
      case FILE: {
        Path p = Paths.get(location);
        if (!Files.isRegularFile(p)) {
          throw new ModelLoadException("model file " + p.toAbsolutePath()
              + (Files.exists(p) ? " is a folder, not a file" : " does not exist"));
        }
        return p;
      }
      case EMBEDDED:
        return unpackEmbedded();
      case CLASSPATH:
        return locateClasspath();
      case URL:
        return fetchUrl();
      case HUB:
        throw new AssertionError("resolved in resolve()");
      default:
        throw new AssertionError(kind);
    }
  }

  private Path unpackEmbedded() {
    EmbeddedModel model = embeddedModels().get(location);
    if (model == null) {
      throw new ModelLoadException("no embedded model named '" + location + "' (known: " + embeddedNames()
          + "); embedded models come with their encoder module, e.g. embedkit-text-encoder for minilm");
    }
    Path dir = cacheRoot().resolve("embedded").resolve(model.name());
    if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
      return dir;
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      tmp = Files.createTempDirectory(dir.getParent(), model.name() + ".tmp");
      for (Map.Entry<String, String> f : model.files().entrySet()) {
        try (InputStream in = ModelSource.class.getResourceAsStream(f.getValue())) {
          if (in == null) {
            throw new ModelLoadException("embedded model '" + model.name() + "': classpath resource "
                + f.getValue() + " not found; add " + model.artifact() + " to the classpath");
          }
          Path target = tmp.resolve(f.getKey());
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
      Files.writeString(tmp.resolve(COMPLETE_MARKER), model.artifact());
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (IOException e) {
        // another process unpacked it first: use theirs if it is complete
        if (!Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
          throw e;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new ModelLoadException(
          "embedded model '" + model.name() + "': cannot unpack into " + dir + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private Path locateClasspath() {
    URL url = ModelSource.class.getResource(location);
    if (url == null) {
      throw new ModelLoadException("classpath resource " + location + " not found");
    }
    try {
      URI uri = url.toURI();
      if ("file".equals(uri.getScheme())) {
        return Paths.get(uri);
      }
      if (!"jar".equals(uri.getScheme())) {
        throw new ModelLoadException("classpath resource " + location + " is at " + url
            + ", which is neither a file nor inside a jar");
      }
      Path target = cacheRoot().resolve("classpath")
          .resolve(Integer.toHexString(uri.toString().hashCode()));
      Path name = target.resolve(Paths.get(location).getFileName().toString());
      if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
        return name;
      }
      FileSystem fs;
      boolean opened = false;
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
        opened = true;
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(uri);
      }
      try {
        copyTree(fs.provider().getPath(uri), name);
        Files.writeString(target.resolve(COMPLETE_MARKER), uri.toString());
      } finally {
        if (opened) {
          fs.close();
        }
      }
      return name;
    } catch (URISyntaxException | IOException e) {
      throw new ModelLoadException("classpath resource " + location + ": cannot read " + url + ": " + e, e);
    }
  }

  private Path fetchUrl() {
    if (location.startsWith("file:")) {
      Djl.applyDefaults();
    } else if (Djl.offlineByUser()) { // refused before any name lookup
      throw new ModelLoadException("model URL " + location + ": not fetched: ai.djl.offline=true keeps embedkit"
          + " offline; unset it to download the model, or give a local folder");
    } else {
      Djl.allowNetwork(); // the user named a remote model
    }
    try {
      Repository repo = Repository.newInstance("embedkit", location);
      List<MRL> resources = repo.getResources();
      if (resources.isEmpty()) {
        throw new ModelLoadException("model URL " + location + ": the repository lists no model");
      }
      MRL mrl = resources.get(0);
      Artifact artifact = mrl.getDefaultArtifact();
      if (artifact == null) {
        throw new ModelLoadException("model URL " + location + ": no artifact found" + offlineHint());
      }
      mrl.prepare(artifact);
      Path dir = repo.getResourceDirectory(artifact);
      if (dir == null || !Files.exists(dir)) {
        throw new ModelLoadException("model URL " + location + ": nothing was downloaded" + offlineHint());
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException) {
        throw (ModelLoadException) e;
      }
      throw new ModelLoadException("model URL " + location + ": " + e.getMessage() + offlineHint(), e);
    }
  }

  private static String offlineHint() {
    return Boolean.getBoolean("ai.djl.offline")
        ? " (DJL runs offline: ai.djl.offline=true allows only local or cached models)"
        : "";
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = to;
        for (Path part : from.relativize(p)) {
          rel = rel.resolve(part.toString());
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(rel);
        } else {
          Files.createDirectories(rel.getParent());
          Files.copy(p, rel, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(walk.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover temp folder is harmless
    }
  }

  /**
   * Returns the folder embedded and classpath models are unpacked into: the system property
   * {@value #CACHE_DIR_PROPERTY}, else the environment variable {@code EMBEDKIT_CACHE_DIR}, else
   * {@code ~/.cache/embedkit}.
   *
   * @return the cache folder
   */
  public static Path cacheRoot() {
    String dir = System.getProperty(CACHE_DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("EMBEDKIT_CACHE_DIR");
    }
    if (dir == null || dir.isBlank()) {
      return Paths.get(System.getProperty("user.home"), ".cache", "embedkit");
    }
    return Paths.get(dir);
  }

  /**
   * Returns the embedded models on the classpath by name.
   *
   * @return name to model
   */
  public static Map<String, EmbeddedModel> embeddedModels() {
    Map<String, EmbeddedModel> out = new TreeMap<>();
    for (EmbeddedModel m : ServiceLoader.load(EmbeddedModel.class, ModelSource.class.getClassLoader())) {
      out.put(m.name().toLowerCase(Locale.ROOT), m);
    }
    return out;
  }

  private static String embeddedNames() {
    Map<String, EmbeddedModel> m = embeddedModels();
    return m.isEmpty() ? "none on the classpath" : String.join(", ", m.keySet());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSource other && kind == other.kind && location.equals(other.location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, location);
  }

  @Override
  public String toString() {
    return kind == Kind.HUB ? HUB_PREFIX + location : kind.name().toLowerCase(Locale.ROOT) + ":" + location;
  }
}
