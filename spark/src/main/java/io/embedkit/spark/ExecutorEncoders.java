package io.embedkit.spark;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.audio.AudioEncoderConfig;
import io.embedkit.core.Encoder;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import io.embedkit.image.ClipModel;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImageEncoderConfig;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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
    ModelSource source = ModelSource.parse(model);
    ModelEngine engine = spec.engine() == null ? null : ModelEngine.parse(spec.engine());
    boolean clip = Files.isDirectory(Path.of(model)) && ClipModel.isClipFolder(Path.of(model));
    switch (spec.modality()) {
      case TEXT: {
        TextEncoderConfig.Builder b = (clip ? ClipModel.textConfig(source) : TextEncoderConfig.builder()
            .setSource(source)).optBatchSize(spec.batchSize()).optThreads(spec.threads());
        if (engine != null) {
          b.optEngine(engine);
        }
        return TextEncoder.create(b.build());
      }
      case IMAGE: {
        ImageEncoderConfig.Builder b = (clip ? ClipModel.imageConfig(source) : ImageEncoderConfig.builder()
            .setSource(source)).optBatchSize(spec.batchSize()).optThreads(spec.threads());
        if (engine != null) {
          b.optEngine(engine);
        }
        return ImageEncoder.create(b.build());
      }
      default: {
        AudioEncoderConfig.Builder b = AudioEncoderConfig.builder().setSource(source)
            .optBatchSize(spec.batchSize()).optThreads(spec.threads());
        if (engine != null) {
          b.optEngine(engine);
        }
        return AudioEncoder.create(b.build());
      }
    }
  }
}
