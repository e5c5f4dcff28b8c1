package io.embedkit.runtime;

/** DJL settings embedkit applies before DJL starts. Not part of the public API. */
public final class Djl {
  private Djl() {}

  private static final String OFFLINE = "ai.djl.offline";
  private static volatile boolean offlineByUs;

  /**
   * Applies embedkit's DJL defaults, each only where the user has not chosen otherwise: usage telemetry off
   * ({@code OPT_OUT_TRACKING}, environment variable or system property), DJL offline ({@code ai.djl.offline},
   * so that it never downloads engines or models unasked), and ONNX Runtime without PyTorch as its fallback
   * engine ({@code ai.djl.onnx.disable_alternative}), so ONNX models never start libtorch.
   */
  public static synchronized void applyDefaults() {
    if (System.getProperty(OFFLINE) == null) {
      System.setProperty(OFFLINE, "true");
      offlineByUs = true;
    }
    if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.onnx.disable_alternative") == null) {
      System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }
  }

  /**
   * Returns whether the user keeps DJL offline ({@code ai.djl.offline=true} set by the user, not by embedkit).
   *
   * @return true when remote models must not be fetched
   */
  static synchronized boolean offlineByUser() {
    return !offlineByUs && Boolean.parseBoolean(System.getProperty(OFFLINE));
  }

  /**
   * Lets DJL go online for a remote model the user named, unless the user set {@code ai.djl.offline} himself.
   */
  static synchronized void allowNetwork() {
    applyDefaults();
    if (offlineByUs) {
      System.setProperty(OFFLINE, "false");
    }
  }
}
