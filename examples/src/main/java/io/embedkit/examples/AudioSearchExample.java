package io.embedkit.examples;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.audio.AudioEncoderConfig;
import io.embedkit.core.SearchHit;
import io.embedkit.core.VectorIndex;
import io.embedkit.runtime.ModelSource;
import io.embedkit.index.flat.FlatIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Audio search over a folder of clips: embeds every WAV, AIFF, FLAC or MP3 file with a Wav2Vec2-style or
 * log-mel model folder (see the README for exporting one) and lists the clips most like a query clip.
 */
public final class AudioSearchExample {
  private AudioSearchExample() {}

  /**
   * Runs the example.
   *
   * @param model a folder with {@code model.onnx} or {@code model.pt} and {@code preprocessor_config.json}
   * @param clips a folder of audio files
   * @param query the query clip
   * @param k how many hits
   * @param out where to print
   * @param skipped where to report clips that cannot be decoded, which are then left out; null to fail on them
   * @throws IOException if the folder cannot be listed
   */
  public static void run(Path model, Path clips, Path query, int k, PrintWriter out, PrintWriter skipped)
      throws IOException {
    List<Path> files = Examples.files(clips, ".wav", ".aiff", ".aif", ".flac", ".mp3");
    try (AudioEncoder encoder = AudioEncoder.create(AudioEncoderConfig.builder()
            .setSource(ModelSource.parse(model.toString())).build());
        VectorIndex index = FlatIndex.create(encoder.space().dimension(), encoder.space().metric())) {
      index.bindSpace(encoder.space());
      // decoded, mono, 16 kHz, normalised, windowed
      Examples.addFiles(encoder, index, clips, files, true, skipped);
      out.printf("%d clips; most like %s:%n", index.size(), query.getFileName());
      for (SearchHit hit : index.search(encoder.encode(query), k)) {
        out.printf(Locale.ROOT, "  %.4f  %s%n", hit.score(), hit.id());
      }
    }
    out.flush();
  }

  /**
   * Runs the example: {@code MODEL_FOLDER CLIP_FOLDER QUERY_CLIP}.
   *
   * @param args the three paths
   * @throws IOException if the folder cannot be listed
   */
  public static void main(String[] args) throws IOException {
    Examples.requireArgs(args, 3, "MODEL_FOLDER CLIP_FOLDER QUERY_CLIP");
    run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 5, new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }
}
