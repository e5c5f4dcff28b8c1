package io.embedkit.runtime;

import io.embedkit.core.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model identity by content: the SHA-256 of weights files, computed once per file version (path, size and
 * modification time; remembered in memory and under the cache folder's {@code sha256/}), and the
 * fingerprint of a model: a SHA-256 over its weights' hashes and the settings that shape its vectors.
 */
public final class Fingerprints {
  private static final Logger LOG = LoggerFactory.getLogger(Fingerprints.class);
  private static final Map<String, String> MEMORY = new ConcurrentHashMap<>();

  private Fingerprints() {}

  /**
   * Returns a model's fingerprint.
   *
   * @param weights the weights files (and their external data), in a fixed order
   * @param settings the settings that shape the vectors, e.g. {@code pooling=MEAN}; order does not matter
   * @return {@code sha256:} and 64 hex digits
   * @throws ModelLoadException if a file cannot be read
   */
  public static String of(List<Path> weights, Map<String, String> settings) {
    MessageDigest md = sha256();
    md.update("embedkit-space-v1\n".getBytes(StandardCharsets.UTF_8));
    for (Path w : weights) {
      md.update(("weights " + sha256(w) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
      md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /**
   * Returns the SHA-256 of a file, computed at most once per version of it.
   *
   * @param file the file
   * @return 64 hex digits
   * @throws ModelLoadException if it cannot be read
   */
  public static String sha256(Path file) {
    try {
      Path real = file.toRealPath();
      long size = Files.size(real);
      FileTime mtime = Files.getLastModifiedTime(real);
      String key = real + "\n" + size + "\n" + mtime.toMillis();
      String known = MEMORY.get(key);
      if (known != null) {
        return known;
      }
      Path stored = ModelSource.cacheRoot().resolve("sha256").resolve(HexFormat.of().formatHex(
          sha256().digest(key.getBytes(StandardCharsets.UTF_8))));
      if (Files.isRegularFile(stored)) {
        String h = Files.readString(stored).trim();
        if (h.matches("[0-9a-f]{64}")) {
          MEMORY.put(key, h);
          return h;
        }
      }
      String h = HubClient.digest("SHA-256", new byte[0], real);
      MEMORY.put(key, h);
      remember(stored, h);
      return h;
    } catch (IOException e) {
      throw new ModelLoadException(file + ": cannot be read to identify the model: " + e.getMessage(), e);
    }
  }

  private static void remember(Path stored, String hash) {
    try {
      io.embedkit.core.AtomicFiles.write(stored, out -> out.write(hash.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      LOG.debug("cannot remember a hash in {}", stored, e); // recomputed next time
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
