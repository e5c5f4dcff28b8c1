package io.embedkit.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the Hugging Face hub is reached: its endpoint, the token for private or gated repositories,
 * whether to stay offline, and the cache folder, laid out as {@code huggingface_hub} lays it out so that
 * models fetched by Python are found and nothing is fetched twice.
 *
 * @param endpoint e.g. {@code https://huggingface.co}, without a trailing slash
 * @param token the access token, or null
 * @param offline whether only the cache may be used
 * @param cache the hub cache folder ({@code models--ORG--NAME/...} lives under it)
 */
public record HubSettings(URI endpoint, String token, boolean offline, Path cache) {
  /** The public hub. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  /**
   * Checks the settings.
   *
   * @param endpoint the endpoint
   * @param token the token, or null
   * @param offline whether only the cache may be used
   * @param cache the cache folder
   */
  public HubSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(cache, "cache");
    String e = endpoint.toString();
    if (e.endsWith("/")) {
      endpoint = URI.create(e.substring(0, e.length() - 1));
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /**
   * Returns the settings {@code huggingface_hub} would use, each read from a system property of the same name
   * first, then from the environment: {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}
   * ({@code 1}, {@code true}, {@code yes} or {@code on}), and the cache {@code HF_HUB_CACHE}, else
   * {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}.
   *
   * @return the settings
   */
  public static HubSettings fromEnvironment() {
    String endpoint = setting("HF_ENDPOINT");
    String home = setting("HF_HOME");
    String cache = setting("HF_HUB_CACHE");
    Path cacheDir = cache != null ? Paths.get(cache)
        : home != null ? Paths.get(home, "hub")
        : Paths.get(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    String offline = setting("HF_HUB_OFFLINE");
    boolean off = offline != null
        && Boolean.parseBoolean(offline.trim()) | offline.trim().equals("1")
        | offline.trim().toLowerCase(Locale.ROOT).matches("yes|on");
    return new HubSettings(URI.create(endpoint != null ? endpoint.trim() : DEFAULT_ENDPOINT), setting("HF_TOKEN"),
        off, cacheDir);
  }

  private static String setting(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      v = System.getenv(name);
    }
    return v == null || v.isBlank() ? null : v;
  }

  @Override
  public String toString() {
    return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set") + ", offline="
        + offline + ", cache=" + cache + "]";
  }
}
