package io.embedkit.image;

import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.djl.ModelLoader;
import io.embedkit.core.djl.PredictorPool;
import io.embedkit.core.internal.Djl;
import io.embedkit.core.internal.EncoderOutputs;
import io.embedkit.core.internal.ModelFolders;
import io.embedkit.core.model.ResolvedModel;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image embeddings from a CNN or vision transformer (TorchScript or ONNX on DJL): decode as PIL does,
 * preprocess as torchvision or the Hugging Face image processor does, run the model, pool its first output
 * ((N, C, H, W): global average pooling; (N, T, D): mean over T; (N, D): as is), optionally L2-normalise.
 *
 * <pre>{@code
 * try (ImageEncoder encoder = ImageEncoder.create(ImageEncoderConfig.builder()
 *     .setSource(ModelSource.parse("/models/resnet50")).optNormalize(true).build())) {
 *   float[] v = encoder.encode(Path.of("cat.jpg"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls run concurrently on a pool of {@link ImageEncoderConfig#concurrency()} predictors;
 * batched results equal one-at-a-time results. Do not call {@link #close()} while calls are running.
 */
public final class ImageEncoder implements Encoder<BufferedImage> {
  private static final Logger LOG = LoggerFactory.getLogger(ImageEncoder.class);

  private final ImageEncoderConfig config;
  private final ImageDecoder decoder;
  private final ImagePreprocessor preprocessor;
  private final PredictorPool<PixelTranslator.Batch, PixelTranslator.Output> pool;
  private final EmbeddingSpace space;
  private final boolean normalize;
  private final ModelEngine engine;
  private final boolean folderPreprocessing;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ImageEncoder(ImageEncoderConfig config) {
    Djl.applyDefaults();
    this.config = config;
    this.decoder = new ImageDecoder(config.maxPixels());
    ResolvedModel model = config.source().resolve();
    Path dir = model.directory();
    JsonObject ek = ModelFolders.embedkitJson(dir);
    ModelEngine.Weights weights = ModelEngine.locate(model, config.weightsName(),
        config.engine() != null ? config.engine() : ModelFolders.engine(ek));
    this.engine = weights.engine();
    ImagePreprocessing prep = config.preprocessing();
    this.folderPreprocessing = prep == null && Files.isRegularFile(dir.resolve("preprocessor_config.json"));
    if (prep == null) {
      prep = folderPreprocessing ? ImagePreprocessing.fromFolder(dir) : ImagePreprocessing.resnet();
    }
    this.preprocessor = ImagePreprocessor.of(prep);
    this.normalize = config.normalize() != null ? config.normalize()
        : ek != null && ek.has("normalize") && ek.get("normalize").getAsBoolean();
    PredictorPool<PixelTranslator.Batch, PixelTranslator.Output> p = null;
    try {
      PixelTranslator translator = new PixelTranslator();
      ZooModel<PixelTranslator.Batch, PixelTranslator.Output> zoo = ModelLoader.load(weights,
          PixelTranslator.Batch.class, PixelTranslator.Output.class, translator, config.threads());
      p = new PredictorPool<>(zoo, config.concurrency());
      if (engine == ModelEngine.ONNX) {
        PairList<String, ?> inputs = zoo.describeInput();
        if (inputs != null && inputs.size() != 1) {
          throw new ModelLoadException("model " + weights.file() + " takes " + inputs.keys()
              + "; an image model takes one input, the (N, 3, H, W) pixels");
        }
        if (inputs != null) {
          translator.setInputName(inputs.keys().get(0));
        }
      }
      int[] shape = preprocessor.outputShape(prep.centerCrop() ? 1 : 224, prep.centerCrop() ? 1 : 224);
      PixelTranslator.Output probe;
      try {
        probe = p.predict(new PixelTranslator.Batch(new float[3 * shape[1] * shape[2]], 1, shape[1], shape[2]));
      } catch (RuntimeException e) {
        throw new ModelLoadException("model " + weights.file() + " fails on a (1, 3, " + shape[1] + ", " + shape[2]
            + ") input: " + e.getMessage(), e);
      }
      int dim = embeddingDimension(probe.shape(), weights.file());
      this.space = new EmbeddingSpace(ModelFolders.spaceName(dir, ek, config.source().location()), dim, normalize,
          Metric.COSINE);
      LOG.debug("image encoder {}: {} on {}, {}", space, weights.file(), engine, describe());
    } catch (RuntimeException e) {
      if (p != null) {
        p.close();
      }
      throw e;
    }
    this.pool = p;
  }

  /**
   * Returns an encoder for a configuration, loading its model.
   *
   * @param config the configuration
   * @return the encoder
   * @throws ModelLoadException if the model, its weights or its preprocessing settings are unusable
   */
  public static ImageEncoder create(ImageEncoderConfig config) {
    return new ImageEncoder(config);
  }

  private static int embeddingDimension(long[] shape, Path file) {
    int dim = EncoderOutputs.dimension(shape);
    if (dim < 0) {
      throw new ModelLoadException("model " + file + ": first output has shape " + Arrays.toString(shape)
          + "; expected (N, D), (N, T, D) or (N, C, H, W)");
    }
    return dim;
  }

  @Override
  public EmbeddingSpace space() {
    return space;
  }

  /**
   * Returns the configuration this encoder was built from.
   *
   * @return the configuration
   */
  public ImageEncoderConfig config() {
    return config;
  }

  /**
   * Returns the preprocessing in effect.
   *
   * @return the preprocessor
   */
  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /**
   * Returns the settings in effect after reading the model folder.
   *
   * @return e.g. {@code "ImagePreprocessing[...] (preprocessor_config.json), normalized, OnnxRuntime"}
   */
  public String describe() {
    return preprocessor.settings() + (folderPreprocessing ? " (preprocessor_config.json)"
        : config.preprocessing() == null ? " (resnet preset: the folder has no preprocessor_config.json)" : "")
        + (normalize ? ", normalized" : "") + ", " + engine.djlName();
  }

  @Override
  public float[] encode(BufferedImage input) {
    if (input == null) {
      throw new InvalidInputException("input image must not be null");
    }
    return encodeAll(List.of(input)).get(0);
  }

  @Override
  public List<float[]> encodeAll(List<? extends BufferedImage> inputs) {
    List<RgbImage> rgb = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new InvalidInputException("input image at position " + i + " is null");
      }
      rgb.add(ImageDecoder.fromBufferedImage(inputs.get(i)));
    }
    return encodeRgb(rgb, null);
  }

  /**
   * Returns the embedding of an image file.
   *
   * @param file a PNG, JPEG, GIF, BMP or WebP file
   * @return the embedding
   * @throws InvalidInputException if the file is missing, corrupt, truncated, too large or unsupported
   */
  public float[] encode(Path file) {
    return encodeFiles(List.of(file)).get(0);
  }

  /**
   * Returns the embedding of an encoded image held in memory.
   *
   * @param bytes the file's bytes
   * @return the embedding
   * @throws InvalidInputException if the bytes are not a valid supported image
   */
  public float[] encode(byte[] bytes) {
    return encodeRgb(List.of(decoder.decode(bytes, "image bytes")), null).get(0);
  }

  /**
   * Returns the embedding of an encoded image read from a stream (to its end; not closed).
   *
   * @param in the stream
   * @return the embedding
   * @throws InvalidInputException if the stream fails or holds no valid supported image
   */
  public float[] encode(InputStream in) {
    return encodeRgb(List.of(decoder.decode(in, "image stream")), null).get(0);
  }

  /**
   * Returns the embeddings of image files, in their order, decoding and preprocessing batch by batch.
   *
   * @param files the files
   * @return one vector per file
   * @throws InvalidInputException naming the first file that cannot be decoded
   */
  public List<float[]> encodeFiles(List<Path> files) {
    return encodeFiles(files, null);
  }

  /**
   * Returns the embeddings of image files, in their order, reporting progress.
   *
   * @param files the files
   * @param progress called after each batch with (items done, items total); may be null
   * @return one vector per file
   * @throws InvalidInputException naming the first file that cannot be decoded
   */
  public List<float[]> encodeFiles(List<Path> files, BiConsumer<Integer, Integer> progress) {
    List<float[]> out = new ArrayList<>(files.size());
    for (int from = 0; from < files.size(); from += config.batchSize()) {
      List<RgbImage> batch = new ArrayList<>();
      for (Path f : files.subList(from, Math.min(files.size(), from + config.batchSize()))) {
        batch.add(decoder.decode(f));
      }
      out.addAll(encodeRgb(batch, null));
      if (progress != null) {
        progress.accept(out.size(), files.size());
      }
    }
    return out;
  }

  /**
   * Returns the embeddings of decoded images, in their order.
   *
   * @param images the images
   * @param progress called after each batch with (items done, items total); may be null
   * @return one vector per image
   */
  public List<float[]> encodeRgb(List<RgbImage> images, BiConsumer<Integer, Integer> progress) {
    if (closed.get()) {
      throw new IllegalStateException("the encoder is closed");
    }
    float[][] out = new float[images.size()][];
    int done = 0;
    int i = 0;
    while (i < images.size()) {
      // a batch is a run of images giving the same tensor shape (always, when the preprocessing crops)
      int[] shape = shapeOf(images.get(i));
      int end = i + 1;
      while (end < images.size() && end - i < config.batchSize() && Arrays.equals(shape, shapeOf(images.get(end)))) {
        end++;
      }
      int n = end - i;
      int per = 3 * shape[1] * shape[2];
      float[] data = new float[n * per];
      for (int j = 0; j < n; j++) {
        preprocessor.toTensor(preprocessor.resizeAndCrop(images.get(i + j)), data, j * per);
      }
      PixelTranslator.Output o = pool.predict(new PixelTranslator.Batch(data, n, shape[1], shape[2]));
      for (int j = 0; j < n; j++) {
        out[i + j] = pool(o, j, n);
      }
      done += n;
      if (progress != null) {
        progress.accept(done, images.size());
      }
      i = end;
    }
    return Arrays.asList(out);
  }

  private int[] shapeOf(RgbImage img) {
    return preprocessor.outputShape(img.width(), img.height());
  }

  /**
   * Runs only the model on already preprocessed batches, for benchmarks that separate the model's time.
   *
   * @param images the images; they are preprocessed first, outside the measured part
   * @return a runnable performing only the model calls
   */
  public Runnable forwardPassOnly(List<RgbImage> images) {
    List<PixelTranslator.Batch> batches = new ArrayList<>();
    for (int from = 0; from < images.size(); from += config.batchSize()) {
      List<RgbImage> part = images.subList(from, Math.min(images.size(), from + config.batchSize()));
      int[] shape = shapeOf(part.get(0));
      int per = 3 * shape[1] * shape[2];
      float[] data = new float[part.size() * per];
      for (int j = 0; j < part.size(); j++) {
        RgbImage crop = preprocessor.resizeAndCrop(part.get(j));
        if (crop.width() != shape[2] || crop.height() != shape[1]) {
          throw new InvalidInputException("forwardPassOnly needs preprocessing that gives one tensor size");
        }
        preprocessor.toTensor(crop, data, j * per);
      }
      batches.add(new PixelTranslator.Batch(data, part.size(), shape[1], shape[2]));
    }
    return () -> batches.forEach(pool::predict);
  }

  private float[] pool(PixelTranslator.Output o, int row, int rows) {
    float[] v = EncoderOutputs.pool(o.data(), o.shape(), row, rows);
    if (normalize) {
      EncoderOutputs.l2Normalize(v);
    }
    return v;
  }


  /** Closes the model and its predictors; a second call does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }
}
