package io.embedkit.runtime;

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
 * Feeds a {@link ModelInput} to a model as native tensors and copies one output to the heap: the first whose
 * name is in {@link #PREFERRED_OUTPUTS} when the graph names its outputs, else the first. Every native array
 * lives in DJL's per-call context and is freed when the call returns.
 */
final class TensorTranslator implements NoBatchifyTranslator<ModelInput, ModelOutput> {
  @Override
  public NDList processInput(TranslatorContext ctx, ModelInput input) {
    if (input.output() != null) {
      ctx.setAttachment(OUTPUT, input.output());
    }
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

  /**
   * The outputs taken by name, in order of preference, before the first-output rule: a pooled sentence
   * embedding, CLIP's projected embeddings, then the encoder's hidden states.
   */
  static final List<String> PREFERRED_OUTPUTS = List.of("sentence_embedding", "text_embeds", "image_embeds",
      "last_hidden_state", "pooler_output");

  private static final String OUTPUT = "embedkit.output";

  @Override
  public ModelOutput processOutput(TranslatorContext ctx, NDList list) {
    Object wanted = ctx.getAttachment(OUTPUT);
    NDArray first = wanted == null ? chosen(list) : named(list, wanted.toString());
    if (first.getDataType() != DataType.FLOAT32) {
      first = first.toType(DataType.FLOAT32, false);
    }
    return new ModelOutput(first.toFloatArray(), first.getShape().getShape());
  }

  private static NDArray named(NDList list, String name) {
    for (NDArray a : list) {
      if (name.equals(a.getName())) {
        return a;
      }
    }
    List<String> names = new java.util.ArrayList<>();
    list.forEach(a -> names.add(a.getName()));
    throw new io.embedkit.core.EmbedkitException("the model has no output named " + name + " (it has " + names + ")");
  }

  /** The first output whose name is preferred, else the first output. */
  static NDArray chosen(NDList list) {
    if (list.size() > 1) {
      for (String name : PREFERRED_OUTPUTS) {
        for (NDArray a : list) {
          if (name.equals(a.getName())) {
            return a;
          }
        }
      }
    }
    return list.get(0);
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
