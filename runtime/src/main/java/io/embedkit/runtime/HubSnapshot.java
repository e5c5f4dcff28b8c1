package io.embedkit.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;

/**
 * One commit of a hub repository in the local cache: its folder ({@code snapshots/COMMIT}), the files the
 * commit holds, and fetching of the ones not yet local.
 */
public final class HubSnapshot {
  private final HubClient client;
  private final String repo;
  private final String commit;
  private final Path directory;
  private final Set<String> files;

  HubSnapshot(HubClient client, String repo, String commit, Path directory, Set<String> files) {
    this.client = client;
    this.repo = repo;
    this.commit = commit;
    this.directory = directory;
    this.files = Collections.unmodifiableSet(files);
  }

  /**
   * Returns the repository id.
   *
   * @return {@code ORG/NAME}
   */
  public String repo() {
    return repo;
  }

  /**
   * Returns the commit.
   *
   * @return 40 hex digits
   */
  public String commit() {
    return commit;
  }

  /**
   * Returns the snapshot folder.
   *
   * @return {@code .../models--ORG--NAME/snapshots/COMMIT}
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the paths of the commit's files, fetched or not, relative to the snapshot folder.
   *
   * @return e.g. {@code [config.json, onnx/model.onnx, tokenizer.json]}
   */
  public Set<String> files() {
    return files;
  }

  /**
   * Returns whether files can still be fetched (false for a snapshot used from the cache offline).
   *
   * @return true when online
   */
  public boolean online() {
    return client != null;
  }

  /**
   * Makes a file of the commit local, fetching it if needed, and with it an ONNX file's external data
   * ({@code NAME.onnx_data}, {@code NAME.onnx.data}) when the commit has one.
   *
   * @param path the file, relative to the snapshot folder
   * @return the local file
   * @throws io.embedkit.core.ModelLoadException if it cannot be fetched
   */
  public Path fetch(String path) {
    Path local = directory.resolve(path);
    if (client == null) {
      return local;
    }
    Path out = Files.isRegularFile(local) ? local : client.fetch(this, path);
    for (String data : new String[] {path + "_data", path + ".data"}) {
      if (files.contains(data)) {
        client.fetch(this, data);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "hf:" + repo + "@" + commit;
  }
}
