package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected bytes are what numpy 1.24 (Debian) computes with sentence_transformers.quantization
 * .quantize_embeddings' formulas on the same float32 inputs: int8 = ((x - min) / ((max - min) / 255) - 128)
 * .astype(int8), uint8 without the 128, binary = packbits(x > 0) - 128, ubinary = packbits(x > 0). Note that
 * the maximum maps to 126 / 254, not 127 / 255: float32 division gives 254.99998.
 */
class QuantizationTest {
  private final List<float[]> calibration = List.of(
      new float[] {-1f, 0f, 2f},
      new float[] {1f, 0.5f, 4f},
      new float[] {0f, 1f, 3f});

  @Test
  void int8AndUint8UseTheCalibrationRanges() {
    Quantization.Ranges r = Quantization.Ranges.fit(calibration);
    assertThat(r.starts()).containsExactly(-1f, 0f, 2f);
    assertThat(r.steps()).containsExactly(2f / 255, 1f / 255, 2f / 255);
    // (0 + 1) / (2/255) = 127.5 -> -0.5 -> 0 (truncation toward zero); min -> -128
    assertThat(Quantization.int8(new float[] {0f, 0f, 4f}, r)).containsExactly(0, -128, 126);
    assertThat(Quantization.int8(new float[] {-1f, 1f, 2f}, r)).containsExactly(-128, 126, -128);
    assertThat(Quantization.uint8(new float[] {0f, 0.5f, 4f}, r)).containsExactly((byte) 127, (byte) 127, (byte) 254);
    assertThatThrownBy(() -> Quantization.int8(new float[2], r)).isInstanceOf(DimensionMismatchException.class)
        .hasMessage("embedding has dimension 2, expected 3");
    assertThatThrownBy(() -> Quantization.Ranges.fit(List.of())).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void binaryPacksSignBitsBigEndianAndOffsetsBy128() {
    float[] v = {0.5f, -1f, 0f, 2f, 3f, -0.1f, 1e-9f, -5f, 1f, 1f};
    // bits 1 0 0 1 1 0 1 0 | 1 1 (0 padding): 0b10011010 = 154, 0b11000000 = 192
    assertThat(Quantization.ubinary(v)).containsExactly((byte) 154, (byte) 192);
    assertThat(Quantization.binary(v)).containsExactly(26, 64);
    assertThat(Quantization.hamming(Quantization.ubinary(v), Quantization.ubinary(new float[10]))).isEqualTo(6);
    assertThat(Quantization.hamming(Quantization.binary(v), Quantization.binary(v))).isZero();
  }
}
