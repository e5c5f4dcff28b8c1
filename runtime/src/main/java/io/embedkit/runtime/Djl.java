package io.embedkit.runtime;

/** DJL settings embedkit applies before DJL starts. Not part of the public API. */
public final class Djl {
  private Djl() {}

  /**
   * Applies embedkit's DJL defaults, each only where the user has not chosen otherwise: usage telemetry off
   * ({@code OPT_OUT_TRACKING}, environment variable or system property), and ONNX Runtime without PyTorch
   * as its fallback engine ({@code ai.djl.onnx.disable_alternative}), so ONNX models never start libtorch.
   */
  public static void applyDefaults() {
    if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.onnx.disable_alternative") == null) {
      System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }
  }
}
