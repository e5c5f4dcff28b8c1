package io.embedkit.image;

import io.embedkit.core.Encoder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.core.testing.EncoderContractTest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The encoder contract (batching, threads, nulls, close) on the tiny ResNet, once per engine. */
abstract class ImageEncoderContractBase extends EncoderContractTest<BufferedImage> {
  abstract ModelEngine engine();

  @Override
  protected Encoder<BufferedImage> newEncoder() {
    return ImageEncoderParityTest.open(engine());
  }

  @Override
  protected List<BufferedImage> sampleItems() {
    List<BufferedImage> out = new ArrayList<>();
    for (String n : new String[] {"rgb.png", "tiny.png", "wide.png", "anim.gif", "rgb.jpg"}) {
      out.add(ImageDecoder.defaults().decode(Fixtures.image(n)).toBufferedImage());
    }
    return out;
  }
}
