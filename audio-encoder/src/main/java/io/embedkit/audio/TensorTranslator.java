package io.embedkit.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Feeds one float tensor to a model under its input name and copies the first output to the heap. */
final class TensorTranslator implements NoBatchifyTranslator<TensorTranslator.Tensor, TensorTranslator.Tensor> {
  /** Values, row-major, and a shape. */
  record Tensor(float[] data, long[] shape) {}

  private volatile String inputName = "input_values";

  void setInputName(String name) {
    this.inputName = name;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Tensor t) {
    NDArray a = ctx.getNDManager().create(t.data(), new Shape(t.shape()));
    a.setName(inputName);
    return new NDList(a);
  }

  @Override
  public Tensor processOutput(TranslatorContext ctx, NDList list) {
    NDArray first = list.get(0);
    if (first.getDataType() != DataType.FLOAT32) {
      first = first.toType(DataType.FLOAT32, false);
    }
    return new Tensor(first.toFloatArray(), first.getShape().getShape());
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
