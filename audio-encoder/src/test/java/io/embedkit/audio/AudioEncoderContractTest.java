package io.embedkit.audio;

import io.embedkit.core.Encoder;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.core.testing.EncoderContractTest;
import java.util.ArrayList;
import java.util.List;

/** The encoder contract (batching, threads, nulls, close) on the tiny Wav2Vec2 with ONNX Runtime. */
class AudioEncoderContractTest extends EncoderContractTest<AudioClip> {
  @Override
  protected Encoder<AudioClip> newEncoder() {
    return AudioEncoderParityTest.open("tiny-wav2vec2", ModelEngine.ONNX);
  }

  @Override
  protected List<AudioClip> sampleItems() {
    List<AudioClip> out = new ArrayList<>();
    for (String n : new String[] {"speech_22k.wav", "short_44k.wav", "speech_44k_stereo.wav", "tones_44k.wav"}) {
      out.add(AudioDecoder.decode(AudioFixtures.audio(n)));
    }
    return out;
  }

  @Override
  protected double batchTolerance() {
    return 1e-5;
  }
}
