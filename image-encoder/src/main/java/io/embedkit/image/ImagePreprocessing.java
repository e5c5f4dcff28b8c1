package io.embedkit.image;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.ModelFolders;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an image becomes a model input, with the fields of a Hugging Face {@code preprocessor_config.json}:
 * resize (by shortest edge, or to height x width) with a PIL filter, center crop, rescale, normalise, giving
 * a channels-first float tensor. {@link #resnet()} and {@link #clip()} are the two common presets.
 *
 * <pre>{@code
 * ImagePreprocessing p = ImagePreprocessing.fromFolder(Path.of("/models/clip-vit-b32"));
 * float[] chw = ImagePreprocessor.of(p).apply(ImageDecoder.defaults().decode(Path.of("cat.jpg")));
 * }</pre>
 *
 * @param resize whether to resize ({@code do_resize})
 * @param shortestEdge the shortest edge after resizing, keeping the aspect ratio; 0 when resizing to
 *     {@code height x width}
 * @param height the height to resize to when {@code shortestEdge} is 0
 * @param width the width to resize to when {@code shortestEdge} is 0
 * @param resample the PIL filter ({@code resample}: 2 bilinear, 3 bicubic)
 * @param centerCrop whether to center-crop ({@code do_center_crop}); a smaller image is padded with zeros
 * @param cropHeight the crop height
 * @param cropWidth the crop width
 * @param rescale whether to multiply pixel values by {@code rescaleFactor} ({@code do_rescale})
 * @param rescaleFactor usually 1/255
 * @param normalize whether to subtract {@code mean} and divide by {@code std} per channel
 * @param mean per-channel means (R, G, B)
 * @param std per-channel standard deviations (R, G, B)
 * @param convention whose crop offsets, padding and rescale arithmetic to reproduce
 */
public record ImagePreprocessing(
    boolean resize,
    int shortestEdge,
    int height,
    int width,
    Resample resample,
    boolean centerCrop,
    int cropHeight,
    int cropWidth,
    boolean rescale,
    double rescaleFactor,
    boolean normalize,
    float[] mean,
    float[] std,
    Convention convention) {

  /** Whose arithmetic the steps after resizing follow; they differ by a pixel for odd size differences. */
  public enum Convention {
    /**
     * Hugging Face image processors: crop offset {@code (size - crop) // 2}, padding {@code ceil} on the
     * leading side, rescale in double precision then cast to float.
     */
    HUGGING_FACE,
    /**
     * torchvision transforms: crop offset {@code round((size - crop) / 2)} (half to even), padding
     * {@code floor} on the leading side, {@code ToTensor}'s float division by 255.
     */
    TORCHVISION
  }

  /** The largest resize or crop size accepted, in pixels a side (model inputs are a few hundred). */
  public static final int MAX_SIDE = 4096;

  /** Validates the fields and copies the arrays. */
  public ImagePreprocessing {
    if (resize && shortestEdge <= 0 && (height <= 0 || width <= 0)) {
      throw new InvalidInputException("resize needs a positive shortest edge or height and width, was "
          + shortestEdge + " / " + height + "x" + width);
    }
    if (centerCrop && (cropHeight <= 0 || cropWidth <= 0)) {
      throw new InvalidInputException("center crop needs a positive size, was " + cropHeight + "x" + cropWidth);
    }
    for (int side : new int[] {shortestEdge, height, width, cropHeight, cropWidth}) {
      if (side > MAX_SIDE) {
        throw new InvalidInputException("image sizes are at most " + MAX_SIDE + " pixels a side, was " + side
            + " (resize " + (shortestEdge > 0 ? "shortest edge " + shortestEdge : height + "x" + width) + ", crop "
            + cropHeight + "x" + cropWidth + ")");
      }
    }
    if (resample == null) {
      resample = Resample.BICUBIC;
    }
    if (convention == null) {
      convention = Convention.HUGGING_FACE;
    }
    mean = channels(mean, "image_mean", 0f);
    std = channels(std, "image_std", 1f);
    for (float s : std) {
      if (!(s > 0)) {
        throw new InvalidInputException("image_std values must be positive, were " + Arrays.toString(std));
      }
    }
    if (rescale && !(rescaleFactor > 0)) {
      throw new InvalidInputException("rescale_factor must be positive, was " + rescaleFactor);
    }
  }

  private static float[] channels(float[] v, String what, float fill) {
    if (v == null) {
      return new float[] {fill, fill, fill};
    }
    if (v.length == 1) {
      return new float[] {v[0], v[0], v[0]};
    }
    if (v.length != 3) {
      throw new InvalidInputException(what + " needs 1 or 3 values (R, G, B), had " + v.length);
    }
    return v.clone();
  }

  /**
   * torchvision's ImageNet recipe for ResNets: resize the shortest edge to 256 (bilinear), crop 224, ImageNet
   * mean and std.
   *
   * @return the preset
   */
  public static ImagePreprocessing resnet() {
    return new ImagePreprocessing(true, 256, 0, 0, Resample.BILINEAR, true, 224, 224, true, 1 / 255.0, true,
        new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, Convention.TORCHVISION);
  }

  /**
   * {@code CLIPImageProcessor}'s settings: shortest edge 224 (bicubic), crop 224, CLIP's mean and std.
   *
   * @return the preset
   */
  public static ImagePreprocessing clip() {
    return new ImagePreprocessing(true, 224, 0, 0, Resample.BICUBIC, true, 224, 224, true, 1 / 255.0, true,
        new float[] {0.48145466f, 0.4578275f, 0.40821073f}, new float[] {0.26862954f, 0.26130258f, 0.27577711f},
        Convention.HUGGING_FACE);
  }

  /**
   * Returns a preset by name.
   *
   * @param name {@code resnet} or {@code clip}
   * @return the preset
   * @throws InvalidInputException for other names
   */
  public static ImagePreprocessing preset(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "resnet":
      case "imagenet":
        return resnet();
      case "clip":
        return clip();
      default:
        throw new InvalidInputException("unknown preprocessing preset '" + name + "': expected resnet or clip");
    }
  }

  /**
   * Reads a model folder's {@code preprocessor_config.json}.
   *
   * @param dir the model folder
   * @return the settings
   * @throws ModelLoadException if the file is missing or holds an unsupported setting
   */
  public static ImagePreprocessing fromFolder(Path dir) {
    return ModelFolders.settings(dir.resolve("preprocessor_config.json"), ImagePreprocessing::fromJson);
  }

  /**
   * Reads the fields of a {@code preprocessor_config.json}; absent ones take Hugging Face's defaults
   * (those of {@code CLIPImageProcessor}). A non-standard {@code "embedkit_convention": "torchvision"}
   * selects torchvision's arithmetic.
   *
   * @param o the JSON object
   * @return the settings
   */
  public static ImagePreprocessing fromJson(JsonObject o) {
    boolean resize = bool(o, "do_resize", true);
    int shortest = 0;
    int h = 0;
    int w = 0;
    JsonElement size = o.get("size");
    if (size == null || size.isJsonNull()) {
      shortest = 224;
    } else if (size.isJsonPrimitive()) {
      shortest = size.getAsInt();
    } else {
      JsonObject s = size.getAsJsonObject();
      if (s.has("longest_edge")) {
        throw new InvalidInputException("size.longest_edge is not supported; use shortest_edge or height and width");
      }
      if (s.has("shortest_edge")) {
        shortest = s.get("shortest_edge").getAsInt();
      } else {
        h = s.get("height").getAsInt();
        w = s.get("width").getAsInt();
      }
    }
    int ch = 224;
    int cw = 224;
    JsonElement crop = o.get("crop_size");
    if (crop != null && !crop.isJsonNull()) {
      if (crop.isJsonPrimitive()) {
        ch = crop.getAsInt();
        cw = ch;
      } else {
        ch = crop.getAsJsonObject().get("height").getAsInt();
        cw = crop.getAsJsonObject().get("width").getAsInt();
      }
    }
    Convention convention = o.has("embedkit_convention")
        ? Convention.valueOf(o.get("embedkit_convention").getAsString().toUpperCase(Locale.ROOT).replace('-', '_'))
        : Convention.HUGGING_FACE;
    return new ImagePreprocessing(resize, shortest, h, w,
        Resample.fromPil(o.has("resample") ? o.get("resample").getAsInt() : 3),
        bool(o, "do_center_crop", true), ch, cw, bool(o, "do_rescale", true),
        o.has("rescale_factor") ? o.get("rescale_factor").getAsDouble() : 1 / 255.0,
        bool(o, "do_normalize", true), floats(o, "image_mean", clip().mean), floats(o, "image_std", clip().std),
        convention);
  }

  private static boolean bool(JsonObject o, String key, boolean dflt) {
    return io.embedkit.runtime.ModelFolders.bool(o, key, dflt);
  }

  private static float[] floats(JsonObject o, String key, float[] dflt) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    if (e.isJsonPrimitive()) {
      return new float[] {e.getAsFloat()};
    }
    float[] v = new float[e.getAsJsonArray().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = e.getAsJsonArray().get(i).getAsFloat();
    }
    return v;
  }

  /**
   * Returns the image size after resizing, as (width, height).
   *
   * @param w the input width
   * @param h the input height
   * @return the resized width and height
   */
  public int[] resizedSize(int w, int h) {
    if (!resize) {
      return new int[] {w, h};
    }
    if (shortestEdge == 0) {
      return new int[] {width, height};
    }
    int shortSide = Math.min(w, h);
    int longSide = Math.max(w, h);
    int newLong = (int) ((double) shortestEdge * longSide / shortSide); // Python's int(size * long / short)
    return w <= h ? new int[] {shortestEdge, newLong} : new int[] {newLong, shortestEdge};
  }

  /**
   * Returns a copy with another convention.
   *
   * @param c the convention
   * @return the copy
   */
  public ImagePreprocessing withConvention(Convention c) {
    return new ImagePreprocessing(resize, shortestEdge, height, width, resample, centerCrop, cropHeight, cropWidth,
        rescale, rescaleFactor, normalize, mean, std, c);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePreprocessing p && resize == p.resize && shortestEdge == p.shortestEdge
        && height == p.height && width == p.width && resample == p.resample && centerCrop == p.centerCrop
        && cropHeight == p.cropHeight && cropWidth == p.cropWidth && rescale == p.rescale
        && Double.compare(rescaleFactor, p.rescaleFactor) == 0 && normalize == p.normalize
        && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std) && convention == p.convention;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(resize, shortestEdge, height, width, resample, centerCrop, cropHeight, cropWidth,
        rescale, rescaleFactor, normalize, Arrays.hashCode(mean), Arrays.hashCode(std), convention);
  }

  @Override
  public String toString() {
    return "ImagePreprocessing[" + (resize ? (shortestEdge > 0 ? "shortest edge " + shortestEdge
        : height + "x" + width) + " " + resample.name().toLowerCase(Locale.ROOT) : "no resize")
        + (centerCrop ? ", crop " + cropHeight + "x" + cropWidth : "") + (rescale ? ", rescale " + rescaleFactor : "")
        + (normalize ? ", mean " + Arrays.toString(mean) + " std " + Arrays.toString(std) : "")
        + ", " + convention + "]";
  }
}
