package io.embedkit.core.vector;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numeric kernels this JVM uses, chosen once: SIMD ({@code panama}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, else {@code scalar}. The system property
 * {@value #PROPERTY}{@code =scalar|panama} forces a choice; the choice is logged once with its reason.
 */
public final class Kernels {
  /** The system property that forces a kernel implementation. */
  public static final String PROPERTY = "embedkit.kernels";

  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

  private Kernels() {}

  // a holder class, so the choice happens on first use and class loading cannot deadlock
  private static final class Holder {
    static final VectorKernels IMPL = choose();
  }

  /**
   * Returns the kernels in use.
   *
   * @return the chosen implementation
   */
  public static VectorKernels get() {
    return Holder.IMPL;
  }

  /**
   * Returns whether the SIMD kernels can run in this JVM.
   *
   * @return true when {@code jdk.incubator.vector} is readable
   */
  public static boolean panamaAvailable() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * Returns a new instance of the SIMD kernels.
   *
   * @return the kernels
   * @throws IllegalStateException if the Vector API is absent
   */
  public static VectorKernels panama() {
    if (!panamaAvailable()) {
      throw new IllegalStateException("the Vector API is absent: run java with --add-modules jdk.incubator.vector");
    }
    try {
      return (VectorKernels) Class.forName("io.embedkit.core.vector.PanamaKernels")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot load the SIMD kernels: " + e, e);
    }
  }

  private static VectorKernels choose() {
    String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (forced.equals("scalar")) {
      LOG.info("vector kernels: scalar (forced by -D{}=scalar)", PROPERTY);
      return ScalarKernels.INSTANCE;
    }
    if (forced.equals("panama")) {
      VectorKernels k = panama();
      LOG.info("vector kernels: {} (forced by -D{}=panama)", k.name(), PROPERTY);
      return k;
    }
    if (!forced.isEmpty()) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " is not one of scalar, panama");
    }
    if (!panamaAvailable()) {
      LOG.info("vector kernels: scalar (add --add-modules jdk.incubator.vector to the JVM for SIMD)");
      return ScalarKernels.INSTANCE;
    }
    try {
      VectorKernels k = panama();
      LOG.info("vector kernels: {}", k.name());
      return k;
    } catch (IllegalStateException e) {
      LOG.info("vector kernels: scalar ({})", e.getMessage());
      return ScalarKernels.INSTANCE;
    }
  }
}
