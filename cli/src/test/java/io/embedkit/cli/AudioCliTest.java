package io.embedkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.embedkit.cli.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** embed audio -> index build -> search --audio, with the audio-encoder's tiny Wav2Vec2 test model. */
class AudioCliTest {
  static final Path FIXTURES = Path.of("..", "audio-encoder", "src", "test", "resources").toAbsolutePath().normalize();
  static final List<String> CLIPS = List.of("speech_22k.wav", "tones_44k.wav", "noise_48k_f64.wav",
      "speech_48k_24bit.flac", "short_44k.wav");

  @TempDir static Path dir;
  static Path folder;

  @BeforeAll
  static void copyClips() throws Exception {
    folder = Files.createDirectories(dir.resolve("clips"));
    for (String n : CLIPS) {
      Files.copy(FIXTURES.resolve("audio").resolve(n), folder.resolve(n));
    }
  }

  @Test
  void embedIndexAndSearchByAudio() throws Exception {
    String model = FIXTURES.resolve("tiny-wav2vec2").toString();
    Path jsonl = dir.resolve("clips.jsonl");
    Run embed = CliTest.run("embed", "audio", "--model", model, "--in", folder.toString(), "--out", jsonl.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    assertThat(embed.err()).contains("embedded 5 clips");
    Path index = dir.resolve("clips.idx");
    assertThat(CliTest.run("index", "build", "--in", jsonl.toString(), "--out", index.toString(), "--type", "flat")
        .exit()).isZero();
    Run search = CliTest.run("search", "--index", index.toString(), "--audio",
        FIXTURES.resolve("audio/tones_44k.wav").toString(), "--model", model, "--k", "2");
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(search.out().lines().findFirst().orElseThrow()).startsWith("1\t1.0000").contains("\ttones_44k.wav\t");
    Path json = dir.resolve("bench.json");
    Run bench = CliTest.run("bench", "encode", "audio", "--model", model, "--in", folder.toString(), "--repeat", "1",
        "--json", json.toString());
    assertThat(bench.exit()).as(bench.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.get("items").getAsInt()).isEqualTo(5);
    assertThat(o.get("realTimeFactor").getAsDouble()).isPositive();
    Run bad = CliTest.run("embed", "audio", "--model", model, "--in", FIXTURES.resolve("audio/bad_nan.wav").toString(),
        "--out", dir.resolve("x.jsonl").toString());
    assertThat(bad.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(bad.err()).contains("bad_nan.wav: sample 50 of channel 0 is NaN").hasLineCount(1);
  }

  /** One-sample WAV: 16-bit mono PCM at 16 kHz. */
  static byte[] oneSampleWav() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(46).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(38).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(2).putShort((short) 1000);
    return b.array();
  }

  @Test
  void windowsAreChosenOnTheCommandLineAndTooShortClipsAreNamed() throws Exception {
    String model = FIXTURES.resolve("tiny-wav2vec2").toString();
    Path clip = FIXTURES.resolve("audio/speech_44k_stereo.wav");
    Path whole = dir.resolve("whole.jsonl");
    Path windows = dir.resolve("windows.jsonl");
    Run w0 = CliTest.run("embed", "audio", "--model", model, "--in", clip.toString(), "--out", whole.toString(),
        "--window", "0");
    assertThat(w0.exit()).as(w0.err()).isZero();
    Run w1 = CliTest.run("embed", "audio", "--model", model, "--in", clip.toString(), "--out", windows.toString(),
        "--window", "0.5", "--overlap", "0.1");
    assertThat(w1.exit()).as(w1.err()).isZero();
    float[] a = VectorFiles.read(whole).vectors().get(0);
    float[] b = VectorFiles.read(windows).vectors().get(0);
    assertThat(a).as("windows change the embedding of a clip longer than them").isNotEqualTo(b);
    Run search = CliTest.run("search", "--index", dir.resolve("none.idx").toString(), "--audio", clip.toString(),
        "--model", model, "--window", "-1");
    assertThat(search.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(search.err()).hasLineCount(1);
    Run text = CliTest.run("embed", "text", "--in", clip.toString(), "--out", dir.resolve("t.jsonl").toString(),
        "--window", "5");
    assertThat(text.err()).isEqualTo("embedkit: --window and --overlap are for audio models\n");

    Path tiny = Files.write(dir.resolve("one_sample.wav"), oneSampleWav());
    Run shortClip = CliTest.run("embed", "audio", "--model", model, "--in", tiny.toString(), "--out",
        dir.resolve("short.jsonl").toString());
    assertThat(shortClip.exit()).isEqualTo(EmbedkitCli.EXIT_FAILED);
    assertThat(shortClip.err()).hasLineCount(1).contains("one_sample.wav").contains("audio clip of 1 samples")
        .contains("is too short: the model needs at least 400 samples").doesNotContain("\u001b");
  }
}
