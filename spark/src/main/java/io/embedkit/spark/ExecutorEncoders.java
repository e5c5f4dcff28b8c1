package io.embedkit.spark;

import io.embedkit.audio.AudioClip;
import io.embedkit.core.Encoder;
import io.embedkit.core.EncoderOptions;
import io.embedkit.core.Encoders;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;

/**
 * The encoders of this JVM, one per {@link EncoderSpec}, opened on first use and shared by every task and
 * partition the JVM runs (encoders are thread-safe); closed when the JVM exits.
 */
final class ExecutorEncoders {
  private static final Map<EncoderSpec, Encoder<?>> OPEN = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEncoders::closeAll, "embedkit-encoders-close"));
  }

  private ExecutorEncoders() {}

  static Encoder<?> get(EncoderSpec spec) {
    return OPEN.computeIfAbsent(spec, ExecutorEncoders::open);
  }

  /** How many encoders this JVM has opened (tests prove it is one per spec, not one per task). */
  static int loads() {
    return LOADS.get();
  }

  static void closeAll() {
    for (Encoder<?> e : OPEN.values()) {
      try {
        e.close();
      } catch (RuntimeException ignored) {
        // closing at exit: nothing useful to do with a failure
      }
    }
    OPEN.clear();
  }

  private static Encoder<?> open(EncoderSpec spec) {
    LOADS.incrementAndGet();
    String model = spec.model().startsWith(EncoderSpec.SPARK_FILES)
        ? SparkFiles.get(spec.model().substring(EncoderSpec.SPARK_FILES.length())) : spec.model();
    EncoderOptions options = new EncoderOptions(spec.batchSize(), spec.threads(), spec.engine());
    Class<?> type = switch (spec.modality()) {
      case TEXT -> String.class;
      case IMAGE -> BufferedImage.class;
      case AUDIO -> AudioClip.class;
    };
    return Encoders.open(model, type, options); // the encoder modules' own providers, CLIP folders included
  }
}
