package io.embedkit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Feeds a {@link ModelInput} to a model as native tensors and copies the first output to the heap. Every
 * native array lives in DJL's per-call context and is freed when the call returns.
 */
final class TensorTranslator implements NoBatchifyTranslator<ModelInput, ModelOutput> {
  @Override
  public NDList processInput(TranslatorContext ctx, ModelInput input) {
    NDManager m = ctx.getNDManager();
    NDList list = new NDList(input.tensors().size());
    for (ModelInput.Tensor t : input.tensors()) {
      Shape shape = new Shape(t.shape());
      NDArray a = t.floats() != null ? m.create(t.floats(), shape) : m.create(t.longs(), shape);
      if (t.name() != null) {
        a.setName(t.name());
      }
      list.add(a);
    }
    return list;
  }

  @Override
  public ModelOutput processOutput(TranslatorContext ctx, NDList list) {
    NDArray first = list.get(0);
    if (first.getDataType() != DataType.FLOAT32) {
      first = first.toType(DataType.FLOAT32, false);
    }
    return new ModelOutput(first.toFloatArray(), first.getShape().getShape());
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
