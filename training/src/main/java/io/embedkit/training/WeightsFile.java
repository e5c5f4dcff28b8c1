package io.embedkit.training;

import io.embedkit.core.AtomicFiles;
import io.embedkit.core.IndexCorruptedException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The weights of trained layers in one file: the layer count, then per layer its shape, float32 weights and
 * biases (big-endian), then a CRC-32 of all that. Written atomically; a damaged or truncated file fails typed.
 */
final class WeightsFile {
  private WeightsFile() {}

  static void write(Path file, List<Dense> layers) throws IOException {
    AtomicFiles.write(file, os -> {
      CheckedOutputStream checked = new CheckedOutputStream(os, new CRC32());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked));
      out.writeInt(layers.size());
      for (Dense d : layers) {
        out.writeInt(d.out());
        out.writeInt(d.in());
        for (float f : d.weights()) {
          out.writeFloat(f);
        }
        for (float f : d.bias()) {
          out.writeFloat(f);
        }
      }
      out.flush();
      new DataOutputStream(os).writeLong(checked.getChecksum().getValue());
    });
  }

  static List<Dense> read(Path file, int maxLayers) throws IOException {
    List<Dense> layers = new ArrayList<>();
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(raw);
      CheckedInputStream checked = new CheckedInputStream(buffered, new CRC32());
      DataInputStream in = new DataInputStream(checked);
      int n = in.readInt();
      if (n < 1 || n > maxLayers) {
        throw new IndexCorruptedException(file, "declares " + n + " layers");
      }
      for (int l = 0; l < n; l++) {
        int out = in.readInt();
        int inputs = in.readInt();
        if (out < 1 || inputs < 1 || (long) out * inputs * 4 > size) {
          throw new IndexCorruptedException(file, "declares a layer of " + out + " x " + inputs);
        }
        float[] w = new float[out * inputs];
        for (int i = 0; i < w.length; i++) {
          w[i] = in.readFloat();
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
          b[i] = in.readFloat();
        }
        layers.add(new Dense(out, inputs, w, b));
      }
      long expected = checked.getChecksum().getValue();
      long stored = new DataInputStream(buffered).readLong();
      if (expected != stored || buffered.read() != -1) {
        throw new IndexCorruptedException(file, "fails its checksum");
      }
    } catch (java.io.EOFException e) {
      throw new IndexCorruptedException(file, "is truncated", e);
    }
    return layers;
  }
}
