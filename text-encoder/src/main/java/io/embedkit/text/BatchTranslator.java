package io.embedkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * Feeds a {@link TokenBatch} to a model as named int64 tensors and copies the first output to the heap. Every
 * native array lives in DJL's per-call context and is freed when the call returns.
 */
final class BatchTranslator implements NoBatchifyTranslator<TokenBatch, ModelOutput> {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  private volatile List<String> inputs = List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
  private volatile boolean named;

  /** Sets the model's inputs, in the model's order; called once after loading, before any run. */
  void setInputs(List<String> names, boolean byName) {
    this.inputs = List.copyOf(names);
    this.named = byName;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, TokenBatch b) {
    NDManager m = ctx.getNDManager();
    Shape shape = new Shape(b.rows(), b.length());
    NDList list = new NDList(inputs.size());
    for (String name : inputs) {
      long[] data;
      switch (name) {
        case INPUT_IDS:
          data = b.ids();
          break;
        case ATTENTION_MASK:
          data = b.mask();
          break;
        case TOKEN_TYPE_IDS:
          data = b.typeIds();
          break;
        default:
          throw new IllegalStateException("unknown model input " + name);
      }
      NDArray a = m.create(data, shape);
      if (named) {
        a.setName(name);
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
