package io.embedkit.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A local stand-in for the Hugging Face hub, for tests: one repository at one commit, served as the hub serves
 * it: {@code /api/models/REPO/revision/REV} lists the files and names the commit; {@code /REPO/resolve/REV/PATH}
 * answers small files directly with their git blob hash as ETag and redirects LFS files ({@code *.onnx},
 * {@code *.pt}, large files) to {@code /cdn/SHA256} with {@code X-Linked-Etag} and {@code X-Linked-Size}; the CDN
 * honours {@code Range}. Faults can be injected: a connection cut once after some bytes, a wrong checksum, a
 * required token.
 */
public final class FakeHub implements AutoCloseable {
  /** The commit every revision of the repository resolves to. */
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private final String repo;
  private final Map<String, byte[]> files;
  private final Map<String, String> lfsByHash = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
  private final Map<String, String> wrongHash = new ConcurrentHashMap<>();
  private volatile String token;
  private final HttpServer server;

  /**
   * Starts a hub on a free local port.
   *
   * @param repo the repository id, {@code ORG/NAME}
   * @param files path to content
   * @throws IOException if no port can be bound
   */
  public FakeHub(String repo, Map<String, byte[]> files) throws IOException {
    this.repo = repo;
    this.files = new LinkedHashMap<>(files);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (isLfs(f.getKey(), f.getValue())) {
        lfsByHash.put(sha256(f.getValue()), f.getKey());
      }
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Reads a local folder into a path-to-content map, as a repository's files.
   *
   * @param dir the folder
   * @return the files
   * @throws IOException if it cannot be read
   */
  public static Map<String, byte[]> folder(Path dir) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  /**
   * Returns the endpoint, for {@code HF_ENDPOINT}.
   *
   * @return e.g. {@code http://127.0.0.1:43121}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Returns the requests served so far, as {@code METHOD PATH [Range]}.
   *
   * @return the requests, in order
   */
  public List<String> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /**
   * Cuts the connection once, the next time a file is downloaded, after some bytes of it.
   *
   * @param path the file
   * @param bytes how many bytes are sent before the cut
   */
  public void cutOnce(String path, int bytes) {
    cutAfter.put(path, bytes);
  }

  /**
   * Makes the hub announce a wrong checksum for a file.
   *
   * @param path the file
   */
  public void announceWrongHash(String path) {
    byte[] content = files.get(path);
    byte[] other = content.clone();
    other[0] ^= 1;
    wrongHash.put(path, isLfs(path, content) ? sha256(other) : gitBlobId(other));
  }

  /**
   * Makes the repository private: requests need this bearer token.
   *
   * @param token the token
   */
  public void requireToken(String token) {
    this.token = token;
  }

  private static boolean isLfs(String path, byte[] content) {
    return path.endsWith(".onnx") || path.endsWith(".pt") || path.endsWith("_data") || content.length > 100_000;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      String range = ex.getRequestHeaders().getFirst("Range");
      requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
      boolean head = ex.getRequestMethod().equals("HEAD");
      if (path.startsWith("/cdn/")) {
        String file = lfsByHash.get(path.substring("/cdn/".length()));
        if (file == null) {
          send(ex, 404, null, head);
          return;
        }
        body(ex, file, files.get(file), range, head);
        return;
      }
      if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
        send(ex, 401, "{\"error\":\"Invalid username or password.\"}", head);
        return;
      }
      String api = "/api/models/" + repo + "/revision/";
      if (path.startsWith("/api/models/")) {
        if (!path.startsWith(api)) {
          ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
          send(ex, 404, "{\"error\":\"Repository not found\"}", head);
          return;
        }
        if (!knownRevision(path.substring(api.length()))) {
          ex.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
          send(ex, 404, "{\"error\":\"Invalid rev id\"}", head);
          return;
        }
        StringBuilder json = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[");
        int i = 0;
        for (String f : files.keySet()) {
          json.append(i++ == 0 ? "" : ",").append("{\"rfilename\":\"").append(f).append("\"}");
        }
        send(ex, 200, json.append("]}").toString(), head);
        return;
      }
      String resolve = "/" + repo + "/resolve/";
      if (!path.startsWith(resolve)) {
        ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
        send(ex, 404, "Repository not found", head);
        return;
      }
      String rest = path.substring(resolve.length());
      int slash = rest.indexOf('/');
      String rev = slash < 0 ? rest : rest.substring(0, slash);
      String file = slash < 0 ? "" : rest.substring(slash + 1);
      if (!knownRevision(rev)) {
        ex.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
        send(ex, 404, "Invalid rev id", head);
        return;
      }
      byte[] content = files.get(file);
      if (content == null) {
        ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
        send(ex, 404, "Entry not found", head);
        return;
      }
      ex.getResponseHeaders().set("X-Repo-Commit", COMMIT);
      if (isLfs(file, content)) {
        String hash = sha256(content);
        ex.getResponseHeaders().set("X-Linked-Etag", "\"" + wrongHash.getOrDefault(file, hash) + "\"");
        ex.getResponseHeaders().set("X-Linked-Size", Long.toString(content.length));
        ex.getResponseHeaders().set("ETag", "\"" + gitBlobId(("version https://git-lfs.github.com/spec/v1\noid sha256:"
            + hash + "\nsize " + content.length + "\n").getBytes(StandardCharsets.UTF_8)) + "\"");
        ex.getResponseHeaders().set("Location", endpoint() + "/cdn/" + hash);
        send(ex, 302, null, head);
        return;
      }
      ex.getResponseHeaders().set("ETag", "\"" + wrongHash.getOrDefault(file, gitBlobId(content)) + "\"");
      body(ex, file, content, range, head);
    }
  }

  private boolean knownRevision(String rev) {
    return rev.equals("main") || rev.equals(COMMIT);
  }

  private void body(HttpExchange ex, String file, byte[] content, String range, boolean head) throws IOException {
    int from = 0;
    int status = 200;
    if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
      from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      status = 206;
      ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
    }
    int length = content.length - from;
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, length);
    Integer cut = cutAfter.remove(file);
    OutputStream out = ex.getResponseBody();
    if (cut != null) {
      out.write(content, from, Math.min(cut, length));
      out.flush();
      throw new IOException("cut on purpose"); // the exchange closes short: the connection is dropped
    }
    out.write(content, from, length);
  }

  private static void send(HttpExchange ex, int status, String body, boolean head) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (head || b.length == 0) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  /**
   * Returns the SHA-256 of some bytes in hex.
   *
   * @param b the bytes
   * @return 64 hex digits
   */
  public static String sha256(byte[] b) {
    return hash("SHA-256", new byte[0], b);
  }

  /**
   * Returns git's blob id of some bytes.
   *
   * @param b the bytes
   * @return 40 hex digits
   */
  public static String gitBlobId(byte[] b) {
    return hash("SHA-1", ("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII), b);
  }

  private static String hash(String algorithm, byte[] prefix, byte[] b) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(prefix);
      return HexFormat.of().formatHex(md.digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
