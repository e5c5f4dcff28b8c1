package io.embedkit.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Feeds a batch of preprocessed images to a model as one {@code (N, 3, H, W)} float tensor named
 * {@code pixel_values} (or the model's own input name), and copies the first output to the heap. Native arrays live in DJL's per-call context.
 */
final class PixelTranslator implements NoBatchifyTranslator<PixelTranslator.Batch, PixelTranslator.Output> {
  static final String INPUT = "pixel_values";

  private volatile String inputName = INPUT;

  /** Images as one row-major {@code (n, 3, h, w)} array. */
  record Batch(float[] data, int n, int h, int w) {}

  /** The first output of a run: values row-major, and the shape. */
  record Output(float[] data, long[] shape) {}

  @Override
  public NDList processInput(TranslatorContext ctx, Batch b) {
    NDArray a = ctx.getNDManager().create(b.data(), new Shape(b.n(), 3, b.h(), b.w()));
    a.setName(inputName);
    return new NDList(a);
  }

  /** Uses the model's own name for its one input (ONNX names it; TorchScript ignores names); set before runs. */
  void setInputName(String name) {
    this.inputName = name;
  }

  @Override
  public Output processOutput(TranslatorContext ctx, NDList list) {
    NDArray first = list.get(0);
    if (first.getDataType() != DataType.FLOAT32) {
      first = first.toType(DataType.FLOAT32, false);
    }
    return new Output(first.toFloatArray(), first.getShape().getShape());
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
