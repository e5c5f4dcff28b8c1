package io.embedkit.image;

import io.embedkit.runtime.ModelEngine;

/** The encoder contract with ONNX Runtime. */
class ImageEncoderOnnxContractTest extends ImageEncoderContractBase {
  @Override
  ModelEngine engine() {
    return ModelEngine.ONNX;
  }
}
