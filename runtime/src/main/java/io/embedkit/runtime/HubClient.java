package io.embedkit.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches model repositories from the Hugging Face hub into {@code huggingface_hub}'s cache layout:
 * {@code models--ORG--NAME/refs/REVISION} (the commit a revision resolved to, pinned once resolved),
 * {@code blobs/ETAG} (each file once, verified) and {@code snapshots/COMMIT/PATH} (links to the blobs). A
 * snapshot fetches its configuration files when it is opened and a weights file only when an encoder asks for
 * it, resuming a broken download and verifying it against the SHA-256 (LFS files) or git blob hash the hub
 * sends.
 */
public final class HubClient {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final Pattern REPO_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final int ATTEMPTS = 5;
  private static final java.util.concurrent.ConcurrentMap<String, Object> LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final HubSettings settings;
  private final HttpClient http;

  /**
   * Creates a client.
   *
   * @param settings the endpoint, token, offline switch and cache folder
   */
  public HubClient(HubSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public HubSettings settings() {
    return settings;
  }

  /**
   * Returns whether a string is a hub repository id, {@code ORG/NAME}.
   *
   * @param id the string
   * @return true if it has that form
   */
  public static boolean isRepoId(String id) {
    return id != null && REPO_ID.matcher(id).matches() && !id.contains("..");
  }

  /**
   * Opens one revision of a repository: resolves the revision to a commit (once; later calls use the commit
   * pinned under {@code refs/}), lists the commit's files and fetches its configuration files ({@code *.json},
   * {@code *.txt}, {@code *.model} outside {@code onnx/}) that the cache does not hold yet. Offline, or when
   * the hub cannot be reached, a snapshot already in the cache is used as it is.
   *
   * @param repo {@code ORG/NAME}
   * @param revision a branch, tag or commit; null for {@code main}
   * @return the snapshot
   * @throws ModelLoadException naming the repository and the reason when it cannot be opened
   */
  public HubSnapshot snapshot(String repo, String revision) {
    if (!isRepoId(repo)) {
      throw new ModelLoadException("'" + repo + "' is no hub repository id (ORG/NAME)");
    }
    String rev = revision == null || revision.isBlank() ? "main" : revision.trim();
    if (rev.contains("..") || rev.startsWith("/")) {
      throw new ModelLoadException("hf:" + repo + ": revision '" + rev + "' is not valid");
    }
    Path repoDir = repoDir(repo);
    String pinned = COMMIT.matcher(rev).matches() ? rev : readRef(repoDir, rev);
    if (settings.offline()) {
      return cached(repo, rev, pinned, "HF_HUB_OFFLINE is set");
    }
    JsonObject info;
    try {
      info = info(repo, pinned != null ? pinned : rev);
    } catch (IOException e) {
      if (pinned != null && Files.isDirectory(repoDir.resolve("snapshots").resolve(pinned))) {
        LOG.warn("hf:{}: the hub at {} cannot be reached ({}); using the cached snapshot {}", repo,
            settings.endpoint(), e.getMessage(), pinned);
        return cached(repo, rev, pinned, "the hub cannot be reached");
      }
      throw new ModelLoadException("hf:" + repo + ": the hub at " + settings.endpoint() + " cannot be reached: "
          + describe(e) + " (no cached copy in " + repoDir + ")", e);
    }
    String commit = info.has("sha") && !info.get("sha").isJsonNull() ? info.get("sha").getAsString() : null;
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw new ModelLoadException("hf:" + repo + "@" + rev + ": the hub's answer names no commit");
    }
    Set<String> files = new TreeSet<>();
    JsonElement siblings = info.get("siblings");
    if (siblings instanceof JsonArray a) {
      for (JsonElement s : a) {
        if (s.isJsonObject() && s.getAsJsonObject().has("rfilename")) {
          String f = s.getAsJsonObject().get("rfilename").getAsString();
          if (safePath(f)) {
            files.add(f);
          }
        }
      }
    }
    if (!rev.equals(commit)) {
      writeRef(repoDir, rev, commit);
    }
    HubSnapshot snapshot = new HubSnapshot(this, repo, commit, repoDir.resolve("snapshots").resolve(commit), files);
    for (String f : files) {
      if (isConfig(f)) {
        snapshot.fetch(f);
      }
    }
    try {
      Files.createDirectories(snapshot.directory());
    } catch (IOException e) {
      throw new ModelLoadException("hf:" + repo + ": cannot create " + snapshot.directory() + ": " + e.getMessage(),
          e);
    }
    return snapshot;
  }

  private HubSnapshot cached(String repo, String rev, String commit, String why) {
    Path repoDir = repoDir(repo);
    if (commit == null || !Files.isDirectory(repoDir.resolve("snapshots").resolve(commit))) {
      throw new ModelLoadException("hf:" + repo + "@" + rev + " is not in the hub cache " + settings.cache()
          + " and " + why + (commit == null ? " (no refs/" + rev + ")" : " (no snapshot " + commit + ")"));
    }
    Path dir = repoDir.resolve("snapshots").resolve(commit);
    Set<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new ModelLoadException("hf:" + repo + ": cannot list " + dir + ": " + e.getMessage(), e);
    }
    return new HubSnapshot(null, repo, commit, dir, files);
  }

  /** Whether a repository file is configuration every encoder may read, fetched when a snapshot opens. */
  static boolean isConfig(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    int depth = (int) p.chars().filter(c -> c == '/').count();
    return depth <= 1 && !p.startsWith(ModelEngine.ONNX_FOLDER + "/")
        && (p.endsWith(".json") || p.endsWith(".txt") || p.endsWith(".model"));
  }

  private static boolean safePath(String f) {
    if (f.isEmpty() || f.startsWith("/") || f.contains("\\")) {
      return false;
    }
    for (String part : f.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  Path repoDir(String repo) {
    return settings.cache().resolve("models--" + repo.replace("/", "--"));
  }

  private static String readRef(Path repoDir, String rev) {
    Path ref = repoDir.resolve("refs").resolve(rev);
    try {
      if (Files.isRegularFile(ref)) {
        String c = Files.readString(ref).trim();
        return COMMIT.matcher(c).matches() ? c : null;
      }
    } catch (IOException e) {
      LOG.debug("cannot read {}", ref, e);
    }
    return null;
  }

  private static void writeRef(Path repoDir, String rev, String commit) {
    Path ref = repoDir.resolve("refs").resolve(rev);
    try {
      io.embedkit.core.AtomicFiles.write(ref, out -> out.write(commit.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new ModelLoadException("cannot write " + ref + ": " + e.getMessage(), e);
    }
  }

  private JsonObject info(String repo, String rev) throws IOException {
    URI uri = URI.create(settings.endpoint() + "/api/models/" + repo + "/revision/" + encode(rev));
    HttpResponse<String> r = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw error(repo, rev, null, r.statusCode(), r.headers().firstValue("X-Error-Code").orElse(""), uri);
    }
    try {
      return JsonParser.parseString(r.body()).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new ModelLoadException("hf:" + repo + ": " + uri + " answered no JSON object", e);
    }
  }

  /** Fetches one file of a snapshot into the cache unless it is there. */
  Path fetch(HubSnapshot snapshot, String path) {
    Path target = snapshot.directory().resolve(path);
    if (Files.isRegularFile(target)) {
      return target;
    }
    String repo = snapshot.repo();
    URI uri = URI.create(settings.endpoint() + "/" + repo + "/resolve/" + snapshot.commit() + "/" + encodePath(path));
    try {
      Remote remote = head(repo, snapshot.commit(), path, uri);
      Path blobs = repoDir(repo).resolve("blobs");
      Files.createDirectories(blobs);
      Path blob = blobs.resolve(remote.etag);
      Path lockFile = settings.cache().resolve(".locks").resolve("models--" + repo.replace("/", "--"))
          .resolve(remote.etag + ".lock");
      Files.createDirectories(lockFile.getParent());
      synchronized (LOCKS.computeIfAbsent(lockFile.toAbsolutePath().toString(), k -> new Object())) {
        // other threads of this JVM wait above; other processes (Python's hub client too) wait on the file
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = ch.lock()) {
          if (!Files.isRegularFile(blob)) {
            download(repo, path, remote, blobs.resolve(remote.etag + ".incomplete"), blob);
          }
        }
      }
      link(blob, target);
      return target;
    } catch (IOException e) {
      throw new ModelLoadException("hf:" + repo + ": cannot fetch " + path + " from " + uri + ": " + describe(e), e);
    }
  }

  private record Remote(String etag, long size, URI location) {}

  private Remote head(String repo, String commit, String path, URI uri) throws IOException {
    URI at = uri;
    for (int hops = 0; hops < 5; hops++) {
      HttpResponse<Void> r = send(request(at).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.discarding());
      int status = r.statusCode();
      var h = r.headers();
      if (status >= 300 && status < 400) {
        URI location = at.resolve(h.firstValue("Location").orElseThrow(
            () -> new IOException("redirect without a Location from " + uri)));
        Optional<String> linked = h.firstValue("X-Linked-Etag");
        if (linked.isPresent()) {
          long size = h.firstValueAsLong("X-Linked-Size").orElse(-1);
          return new Remote(etag(linked.get(), uri), size, location);
        }
        at = location; // a renamed repository: follow
        continue;
      }
      if (status != 200) {
        throw error(repo, commit, path, status, h.firstValue("X-Error-Code").orElse(""), uri);
      }
      String etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElseThrow(
          () -> new ModelLoadException("hf:" + repo + ": " + uri + " sent no ETag, so " + path
              + " cannot be verified"));
      long size = h.firstValueAsLong("X-Linked-Size").orElse(h.firstValueAsLong("Content-Length").orElse(-1));
      return new Remote(etag(etag, uri), size, at);
    }
    throw new IOException("too many redirects from " + uri);
  }

  private static String etag(String raw, URI uri) {
    String e = raw.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    e = e.replace("\"", "").trim();
    if (!e.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new ModelLoadException(uri + ": unusable ETag '" + raw + "'");
    }
    return e;
  }

  private void download(String repo, String path, Remote remote, Path incomplete, Path blob) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      long have = Files.isRegularFile(incomplete) ? Files.size(incomplete) : 0;
      if (remote.size >= 0 && have > remote.size) {
        Files.delete(incomplete);
        have = 0;
      }
      if (remote.size < 0 || have < remote.size) {
        try {
          get(repo, path, remote, incomplete, have);
        } catch (IOException e) {
          long now = Files.isRegularFile(incomplete) ? Files.size(incomplete) : 0;
          LOG.info("hf:{}: download of {} broke off at {} bytes ({}); resuming", repo, path, now, describe(e));
          last = e;
          continue;
        }
      }
      verify(repo, path, remote, incomplete);
      Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    throw last;
  }

  private void get(String repo, String path, Remote remote, Path incomplete, long have) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(remote.location).GET().header("Accept-Encoding", "identity")
        .header("User-Agent", userAgent());
    if (settings.token() != null && sameHost(remote.location)) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    if (have > 0) {
      b.header("Range", "bytes=" + have + "-");
    }
    URI at = remote.location;
    HttpResponse<InputStream> r = null;
    for (int hops = 0; hops < 5; hops++) {
      r = send(b.uri(at).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() >= 300 && r.statusCode() < 400 && r.headers().firstValue("Location").isPresent()) {
        r.body().close();
        at = at.resolve(r.headers().firstValue("Location").get());
        if (!sameHost(at)) {
          b = withoutAuth(at, have);
        }
        continue;
      }
      break;
    }
    int status = r.statusCode();
    try (InputStream in = r.body()) {
      boolean append;
      if (status == 206 && have > 0) {
        append = true;
      } else if (status == 200) {
        append = false; // the server ignored the range: start again
      } else {
        throw error(repo, null, path, status, r.headers().firstValue("X-Error-Code").orElse(""), at);
      }
      try (OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        in.transferTo(out);
      }
    }
    if (remote.size >= 0 && Files.size(incomplete) < remote.size) {
      throw new IOException("connection closed after " + Files.size(incomplete) + " of " + remote.size + " bytes");
    }
  }

  private static HttpRequest.Builder withoutAuth(URI at, long have) {
    HttpRequest.Builder b = HttpRequest.newBuilder(at).GET().header("Accept-Encoding", "identity")
        .header("User-Agent", userAgent());
    if (have > 0) {
      b.header("Range", "bytes=" + have + "-");
    }
    return b;
  }

  private void verify(String repo, String path, Remote remote, Path file) throws IOException {
    String expected = remote.etag.toLowerCase(Locale.ROOT);
    String algorithm;
    byte[] prefix = new byte[0];
    if (expected.matches("[0-9a-f]{64}")) {
      algorithm = "SHA-256";
    } else if (expected.matches("[0-9a-f]{40}")) {
      algorithm = "SHA-1"; // a git blob id: sha1("blob " + size + "\0" + content)
      prefix = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
    } else {
      LOG.debug("hf:{}: {} has ETag {}, which is no hash; size checked only", repo, path, expected);
      algorithm = null;
    }
    long size = Files.size(file);
    if (remote.size >= 0 && size != remote.size) {
      Files.deleteIfExists(file);
      throw new ModelLoadException("hf:" + repo + ": " + path + " has " + size + " bytes, the hub said "
          + remote.size + "; the download was discarded");
    }
    if (algorithm == null) {
      return;
    }
    String actual = digest(algorithm, prefix, file);
    if (!actual.equals(expected)) {
      Files.deleteIfExists(file);
      throw new ModelLoadException("hf:" + repo + ": " + path + " failed verification: the hub's "
          + (algorithm.equals("SHA-1") ? "git blob hash" : "SHA-256") + " is " + expected + ", the download's is "
          + actual + "; the download was discarded");
    }
  }

  static String digest(String algorithm, byte[] prefix, Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(prefix);
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void link(Path blob, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".link");
    Files.deleteIfExists(tmp);
    try {
      Files.createSymbolicLink(tmp, target.getParent().relativize(blob));
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING); // no symbolic links here (Windows)
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("User-Agent", userAgent());
    if (settings.token() != null) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    return b;
  }

  private boolean sameHost(URI uri) {
    return uri.getHost() != null && uri.getHost().equalsIgnoreCase(settings.endpoint().getHost())
        && uri.getPort() == settings.endpoint().getPort();
  }

  private static String userAgent() {
    return "embedkit/" + Optional.ofNullable(HubClient.class.getPackage().getImplementationVersion()).orElse("dev");
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private ModelLoadException error(String repo, String rev, String path, int status, String code, URI uri) {
    String what = "hf:" + repo + (rev != null && path == null ? "@" + rev : "");
    switch (status) {
      case 401:
        return new ModelLoadException(what + ": the hub answered 401 Unauthorized: the repository is private, gated"
            + " or does not exist; " + (settings.token() == null ? "set HF_TOKEN to a token with access to it"
            : "HF_TOKEN was refused for it"));
      case 403:
        return new ModelLoadException(what + ": the hub answered 403 Forbidden: access to the repository is"
            + " restricted (gated); accept its conditions on the hub with the account HF_TOKEN belongs to");
      case 404:
        if ("RevisionNotFound".equals(code)) {
          return new ModelLoadException(what + ": revision '" + rev + "' not found in the repository");
        }
        if (path != null && !"RepoNotFound".equals(code)) {
          return new ModelLoadException(what + ": file " + path + " not found in the repository (404)");
        }
        return new ModelLoadException(what + ": repository not found on " + settings.endpoint() + " (404)");
      default:
        return new ModelLoadException(what + ": the hub answered HTTP " + status + " for " + uri);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      parts.add(encode(p));
    }
    return String.join("/", parts);
  }
}
