package io.embedkit.image;

import com.google.gson.JsonObject;
import io.embedkit.core.DimensionMismatchException;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelFolders;
import io.embedkit.runtime.ModelSource;
import io.embedkit.text.TextEncoder;
import io.embedkit.text.TextEncoderConfig;
import java.nio.file.Path;

/**
 * A CLIP model folder's two towers as encoders of one {@link EmbeddingSpace}: images through
 * {@code vision_model.{onnx,pt}} with the folder's {@code preprocessor_config.json}, texts through
 * {@code text_model.{onnx,pt}} with its {@code tokenizer.json}. Both L2-normalise, so a text query finds
 * images in an {@code EmbeddingStore} built with the image encoder.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(ModelSource.parse("/models/clip-vit-b32"), null)) {
 *   EmbeddingStore<BufferedImage> store = new EmbeddingStore<>(clip.images(), FlatIndex.create(...));
 *   List<SearchHit> hits = store.search(clip.texts(), "a photo of a cat", 5, null);
 * }
 * }</pre>
 *
 * <p>The text model takes {@code input_ids} and {@code attention_mask} and returns the projected
 * {@code (N, D)} embedding (CLIP pools at the end-of-text token inside the model). Thread-safe.
 */
public final class ClipModel implements AutoCloseable {
  /** CLIP's text context length, used when {@code config.json} does not give one. */
  public static final int DEFAULT_MAX_TEXT_LENGTH = 77;

  private final ImageEncoder images;
  private final TextEncoder texts;

  private ClipModel(ImageEncoder images, TextEncoder texts) {
    this.images = images;
    this.texts = texts;
  }

  /**
   * Loads both towers of a CLIP folder.
   *
   * @param source the folder
   * @param engine the engine for both towers, or null to choose from the files (ONNX when present)
   * @return the model
   * @throws ModelLoadException if a tower is missing or the towers' dimensions differ
   */
  public static ClipModel load(ModelSource source, ModelEngine engine) {
    Path dir = source.resolve().directory();
    ImageEncoderConfig.Builder ib = imageConfig(source);
    TextEncoderConfig.Builder tb = textConfig(source);
    if (engine != null) {
      ib.optEngine(engine);
      tb.optEngine(engine);
    }
    ImageEncoder images = ImageEncoder.create(ib.build());
    TextEncoder texts;
    try {
      texts = TextEncoder.create(tb.build());
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
    if (!images.space().isCompatibleWith(texts.space())) {
      images.close();
      texts.close();
      throw new ModelLoadException("CLIP folder " + dir + ": the towers disagree",
          new DimensionMismatchException("text_model embeddings", images.space().dimension(),
              texts.space().dimension()));
    }
    return new ClipModel(images, texts);
  }

  /**
   * Returns the settings of a CLIP folder's image tower, to edit or to build it alone.
   *
   * @param source the CLIP folder
   * @return a builder for {@code vision_model}, L2-normalising
   */
  public static ImageEncoderConfig.Builder imageConfig(ModelSource source) {
    return ImageEncoderConfig.builder().setSource(source).optWeightsName(towerName(source, "vision_model"))
        .optNormalize(true);
  }

  /**
   * Returns the settings of a CLIP folder's text tower, to edit or to build it alone.
   *
   * @param source the CLIP folder
   * @return a builder for {@code text_model}, L2-normalising, with CLIP's context length
   */
  public static TextEncoderConfig.Builder textConfig(ModelSource source) {
    return TextEncoderConfig.builder().setSource(source).optWeightsName(towerName(source, "text_model"))
        .optNormalize(true)
        .optMaxLength(maxTextLength(source.resolve().directory()));
  }

  /** A tower's own weights when the folder has them, else the combined graph ({@code model}). */
  private static String towerName(ModelSource source, String tower) {
    return source.resolve().hasWeights(tower) ? tower : "model";
  }

  /**
   * Tells whether a folder holds a CLIP model: an image tower ({@code vision_model.onnx} or
   * {@code vision_model.pt}, at the top or in {@code onnx/}, plain or as variants), or both towers in one graph
   * ({@code model.onnx}) with a {@code config.json} of {@code "model_type": "clip"}.
   *
   * @param dir the folder
   * @return true for a CLIP folder
   */
  public static boolean isClipFolder(Path dir) {
    return java.nio.file.Files.isDirectory(dir) && (io.embedkit.core.EncoderProvider.hasWeights(dir, "vision_model")
        || ModelFolders.isClipConfig(dir) && io.embedkit.core.EncoderProvider.hasWeights(dir, "model"));
  }

  /**
   * Tells whether an opened model is CLIP, as {@link #isClipFolder} does for a folder (for hub repositories).
   *
   * @param model the model
   * @return true for CLIP
   */
  public static boolean isClip(io.embedkit.runtime.ResolvedModel model) {
    return model.hasWeights("vision_model") || ModelFolders.isClipConfig(model.directory()) && model.hasWeights("model");
  }

  private static int maxTextLength(Path dir) {
    JsonObject cfg = ModelFolders.json(dir.resolve("config.json"), true);
    if (cfg != null && cfg.has("text_config") && cfg.getAsJsonObject("text_config").has("max_position_embeddings")) {
      return cfg.getAsJsonObject("text_config").get("max_position_embeddings").getAsInt();
    }
    return DEFAULT_MAX_TEXT_LENGTH;
  }

  /**
   * Returns the image tower.
   *
   * @return the image encoder
   */
  public ImageEncoder images() {
    return images;
  }

  /**
   * Returns the text tower.
   *
   * @return the text encoder
   */
  public TextEncoder texts() {
    return texts;
  }

  /**
   * Returns the space both towers embed into.
   *
   * @return the space
   */
  public EmbeddingSpace space() {
    return images.space();
  }

  /** Closes both towers; a second call does nothing. */
  @Override
  public void close() {
    try {
      texts.close();
    } finally {
      images.close();
    }
  }
}
