package io.embedkit.image;

import io.embedkit.runtime.ModelEngine;

/** The encoder contract with TorchScript on libtorch. */
class ImageEncoderTorchScriptContractTest extends ImageEncoderContractBase {
  @Override
  ModelEngine engine() {
    return ModelEngine.PYTORCH;
  }

  @Override
  protected double batchTolerance() {
    return 1e-5; // libtorch may pick other convolution kernels for other batch sizes
  }
}
