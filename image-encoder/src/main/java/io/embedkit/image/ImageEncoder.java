package io.embedkit.image;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.Progress;
import io.embedkit.runtime.EncodePipeline;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelFolder;
import io.embedkit.runtime.ModelInput;
import io.embedkit.runtime.ModelRunner;
import io.embedkit.runtime.FilePipelineEncoder;
import io.embedkit.runtime.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
public final class ImageEncoder extends FilePipelineEncoder<BufferedImage> {
  private static final Logger LOG = LoggerFactory.getLogger(ImageEncoder.class);

  private final ImageEncoderConfig config;
  private final ImageDecoder decoder;
  private final ImagePreprocessor preprocessor;
  private final EncodePipeline<RgbImage, RgbImage> rgb;
  private final EncodePipeline<BufferedImage, RgbImage> images;
  private final EncodePipeline<Path, RgbImage> files;
  private final EmbeddingSpace space;
  private final boolean normalize;
  private final boolean folderPreprocessing;

  private ImageEncoder(ImageEncoderConfig config) {
    this.config = config;
    this.decoder = new ImageDecoder(config.maxPixels());
    ModelFolder folder = ModelFolder.open(config.source());
    ModelEngine.Weights weights = folder.weights(config.weightsName(), config.engine(), config.weights());
    ImagePreprocessing prep = config.preprocessing();
    this.folderPreprocessing = prep == null && Files.isRegularFile(folder.directory().resolve("preprocessor_config.json"));
    if (prep == null) {
      prep = folderPreprocessing ? ImagePreprocessing.fromFolder(folder.directory()) : ImagePreprocessing.resnet();
    }
    this.preprocessor = ImagePreprocessor.of(prep);
    this.normalize = folder.normalize(config.normalize());
    ModelRunner loaded = ModelRunner.load(weights, config.threads(), config.concurrency());
    boolean twoTower = loaded.isTwoTower(); // CLIP in one graph: run its image tower
    ModelRunner runner = twoTower ? loaded.imageTower() : loaded;
    try {
      Pixels pixels = new Pixels(preprocessor, runner.singleInputName("pixel_values", "the (N, 3, H, W) pixels"));
      int[] shape = preprocessor.outputShape(prep.centerCrop() ? 1 : 224, prep.centerCrop() ? 1 : 224);
      int dim = runner.embeddingDimension(ModelInput.of(pixels.inputName, new float[3 * shape[1] * shape[2]], 1, 3,
          shape[1], shape[2]), "a (1, 3, " + shape[1] + ", " + shape[2] + ") input");
      this.space = folder.space(dim, normalize, weights,
          twoTower ? java.util.Map.of() : java.util.Map.of("preprocessing", prep.toString()));
      this.rgb = EncodePipeline.builder(runner, pixels).optBatchSize(config.batchSize()).optNormalize(normalize)
          .optNoun("image").build();
      LOG.debug("image encoder {}: {} on {}, {}", space, weights.file(), weights.engine(), describe());
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
    this.images = rgb.decoding(ImageDecoder::fromBufferedImage);
    this.files = rgb.decoding(decoder::decode);
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

  @Override
  public EmbeddingSpace space() {
    return space;
  }

  @Override
  protected EncodePipeline<BufferedImage, RgbImage> pipeline() {
    return images;
  }

  @Override
  protected EncodePipeline<Path, RgbImage> files() {
    return files;
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
        + (normalize ? ", normalized" : "") + ", " + rgb.model().engineName();
  }

  /**
   * Returns the embedding of an encoded image held in memory.
   *
   * @param bytes the file's bytes
   * @return the embedding
   * @throws InvalidInputException if the bytes are not a valid supported image
   */
  public float[] encode(byte[] bytes) {
    return encodeRgb(List.of(decoder.decode(bytes, "image bytes")), Progress.NONE).get(0);
  }

  /**
   * Returns the embedding of an encoded image read from a stream (to its end; not closed).
   *
   * @param in the stream
   * @return the embedding
   * @throws InvalidInputException if the stream fails or holds no valid supported image
   */
  public float[] encode(InputStream in) {
    return encodeRgb(List.of(decoder.decode(in, "image stream")), Progress.NONE).get(0);
  }

  /**
   * Returns the embeddings of decoded images, in their order.
   *
   * @param images the images
   * @param progress told (images done, images in all) after every batch
   * @return one vector per image
   */
  public List<float[]> encodeRgb(List<RgbImage> images, Progress progress) {
    return rgb.encode(images, progress);
  }

  /**
   * Runs only the model on already preprocessed batches, for benchmarks that separate the model's time.
   *
   * @param images the images; they are preprocessed first, outside the measured part
   * @return a runnable performing only the model calls
   */
  public Runnable forwardPassOnly(List<RgbImage> images) {
    return rgb.forwardOnly(images);
  }

  /** The image steps: resize, crop and normalise to one (N, 3, H, W) float tensor per batch of equal shapes. */
  private static final class Pixels implements Preprocessor<RgbImage, RgbImage> {
    private final ImagePreprocessor preprocessor;
    private final String inputName;

    Pixels(ImagePreprocessor preprocessor, String inputName) {
      this.preprocessor = preprocessor;
      this.inputName = inputName;
    }

    @Override
    public List<Piece<RgbImage>> pieces(List<? extends RgbImage> items) {
      List<Piece<RgbImage>> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        RgbImage img = items.get(i);
        int[] shape = preprocessor.outputShape(img.width(), img.height());
        out.add(new Piece<>(i, (long) shape[1] << 32 | shape[2], 1, img)); // equal sizes: equal tensor shapes
      }
      return out;
    }

    @Override
    public ModelInput batch(List<RgbImage> batch) {
      int[] shape = preprocessor.outputShape(batch.get(0).width(), batch.get(0).height());
      int per = 3 * shape[1] * shape[2];
      float[] data = new float[batch.size() * per];
      for (int j = 0; j < batch.size(); j++) {
        preprocessor.toTensor(preprocessor.resizeAndCrop(batch.get(j)), data, j * per);
      }
      return ModelInput.of(inputName, data, batch.size(), 3, shape[1], shape[2]);
    }
  }
}
