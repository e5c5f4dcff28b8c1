package io.embedkit.image;

import io.embedkit.core.Encoder;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.testing.EncoderContractTest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The encoder contract (batching, threads, nulls, close) on the tiny ResNet with the PYTORCH engine. */
class ImageEncoderTorchScriptContractTest extends EncoderContractTest<BufferedImage> {
  @Override
  protected Encoder<BufferedImage> newEncoder() {
    return ImageEncoderParityTest.open(ModelEngine.PYTORCH);
  }

  @Override
  protected List<BufferedImage> sampleItems() {
    List<BufferedImage> out = new ArrayList<>();
    for (String n : new String[] {"rgb.png", "tiny.png", "wide.png", "anim.gif", "rgb.jpg"}) {
      out.add(ImageDecoder.defaults().decode(Fixtures.image(n)).toBufferedImage());
    }
    return out;
  }

  @Override
  protected double batchTolerance() {
    return 1e-5; // engines may pick other convolution kernels for other batch sizes
  }
}
