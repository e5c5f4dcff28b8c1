package io.embedkit.core.internal;

/** DJL settings embedkit applies before DJL starts. Not part of the public API. */
public final class Djl {
  private Djl() {}

  /**
   * Turns DJL's usage telemetry off unless the user has chosen otherwise through the environment
   * variable or system property {@code OPT_OUT_TRACKING}.
   */
  public static void applyDefaults() {
    if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }
}
