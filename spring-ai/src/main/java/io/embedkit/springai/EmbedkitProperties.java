package io.embedkit.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code embedkit.*} settings of the auto-configuration: {@code embedkit.model} (an embedded name such as
 * {@code minilm}, a folder or a hub id; default {@code minilm}), {@code embedkit.index.path} (the index file:
 * loaded when it exists, written when the application stops; none keeps the index in memory only),
 * {@code embedkit.index.type} ({@code hnsw} or {@code flat}, default {@code hnsw}) and
 * {@code embedkit.index.metric} ({@code cosine}, {@code dot}, {@code l2}, {@code l1}; default {@code cosine}).
 */
@ConfigurationProperties(prefix = "embedkit")
public class EmbedkitProperties {
  private String model = "minilm";
  private final Index index = new Index();

  /** Creates the defaults. */
  public EmbedkitProperties() {}

  /**
   * Returns the model source.
   *
   * @return e.g. {@code minilm}
   */
  public String getModel() {
    return model;
  }

  /**
   * Sets the model source.
   *
   * @param model an embedded name, a folder or a hub id
   */
  public void setModel(String model) {
    this.model = model;
  }

  /**
   * Returns the index settings.
   *
   * @return the index settings
   */
  public Index getIndex() {
    return index;
  }

  /** The {@code embedkit.index.*} settings. */
  public static class Index {
    private String path;
    private String type = "hnsw";
    private String metric = "cosine";

    /** Creates the defaults. */
    public Index() {}

    /**
     * Returns the index file, or null for an index in memory only.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the index file.
     *
     * @param path the path
     */
    public void setPath(String path) {
      this.path = path;
    }

    /**
     * Returns the index type.
     *
     * @return {@code hnsw} or {@code flat}
     */
    public String getType() {
      return type;
    }

    /**
     * Sets the index type.
     *
     * @param type {@code hnsw} or {@code flat}
     */
    public void setType(String type) {
      this.type = type;
    }

    /**
     * Returns the metric of a new index.
     *
     * @return e.g. {@code cosine}
     */
    public String getMetric() {
      return metric;
    }

    /**
     * Sets the metric of a new index.
     *
     * @param metric {@code cosine}, {@code dot}, {@code l2} or {@code l1}
     */
    public void setMetric(String metric) {
      this.metric = metric;
    }
  }
}
