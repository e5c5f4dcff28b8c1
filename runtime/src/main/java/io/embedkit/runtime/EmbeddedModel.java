package io.embedkit.runtime;

import java.util.Map;

/**
 * A model shipped inside a jar, found by {@link java.util.ServiceLoader} and named by a short name such as
 * {@code minilm}. {@link ModelSource#embedded} lays its resources out as a model folder.
 */
public interface EmbeddedModel {
  /**
   * Returns the short name users select the model by.
   *
   * @return the name, e.g. {@code "minilm"}
   */
  String name();

  /**
   * Returns the model folder's files: file name in the folder to the classpath resource holding it.
   *
   * @return file name to absolute resource name
   */
  Map<String, String> files();

  /**
   * Returns which Maven artifact holds the resources, for error messages.
   *
   * @return a {@code groupId:artifactId:version} string
   */
  String artifact();
}
