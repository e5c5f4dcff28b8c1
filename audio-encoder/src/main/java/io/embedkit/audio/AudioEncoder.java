package io.embedkit.audio;

import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Progress;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.ModelLoadException;
import io.embedkit.runtime.EncodePipeline;
import io.embedkit.runtime.ModelEngine;
import io.embedkit.runtime.ModelFolder;
import io.embedkit.runtime.ModelInput;
import io.embedkit.runtime.ModelRunner;
import io.embedkit.runtime.FilePipelineEncoder;
import io.embedkit.runtime.Preprocessor;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audio embeddings: decode, downmix to mono (mean of channels), resample to the model's rate as torchaudio
 * does, then either a waveform model (Wav2Vec2: normalised samples in, (N, T, D) hidden states out, mean over
 * T) or a spectrogram model (log-mel (N, 1, mels, frames) in; (N, C, H, W) out, global average pooling, or
 * (N, D) as is); optionally L2-normalised.
 *
 * <p>Clips longer than the window are embedded window by window (default 10 s overlapping by 1 s; a last
 * piece under half a window joins the window before it) and the window embeddings averaged weighted by
 * duration; {@link #encodeWindows} returns them with their times. Model inputs of equal length are batched,
 * so no input is ever padded and batched results equal one-at-a-time results.
 *
 * <p>Thread-safe: calls run concurrently on a pool of predictors. Do not call {@link #close()} while calls run.
 */
public final class AudioEncoder extends FilePipelineEncoder<AudioClip> {
  private final AudioPreprocessing prep;
  private final MelSpectrogram mel;
  private final EncodePipeline<AudioClip, Span> clips;
  private final EncodePipeline<Path, Span> files;
  /**
   * The fewest samples a waveform model takes: the receptive field of Wav2Vec2's (and HuBERT's) convolutional
   * feature encoder, 400 samples (25 ms at 16 kHz). Log-mel models need more than half an FFT window.
   */
  static final int WAVEFORM_MIN_SAMPLES = 400;

  private final int minSamples;
  private final EmbeddingSpace space;
  private final boolean normalize;
  private final int window;
  private final int hop;
  private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();

  /**
   * One window of a clip and its embedding.
   *
   * @param startSeconds where the window starts in the clip
   * @param endSeconds where it ends
   * @param vector its embedding
   */
  public record WindowEmbedding(double startSeconds, double endSeconds, float[] vector) {}

  private AudioEncoder(AudioEncoderConfig config) {
    ModelFolder folder = ModelFolder.open(config.source());
    ModelEngine.Weights weights = folder.weights(config.weightsName(), config.engine(), config.weights());
    this.prep = config.preprocessing() != null ? config.preprocessing()
        : AudioPreprocessing.fromFolder(folder.directory());
    this.mel = prep.mel() == null ? null : MelSpectrogram.of(prep.mel());
    this.minSamples = mel == null ? WAVEFORM_MIN_SAMPLES : prep.mel().nFft() / 2 + 1;
    this.normalize = folder.normalize(config.normalize());
    this.window = (int) Math.round(config.windowSeconds() * prep.samplingRate());
    this.hop = (int) Math.round((config.windowSeconds() - config.overlapSeconds()) * prep.samplingRate());
    ModelRunner runner = ModelRunner.load(weights, config.threads(), config.concurrency());
    try {
      Samples samples = new Samples(runner.singleInputName("input_values",
          "the waveform or the log-mel spectrogram"));
      float[] second = new float[prep.samplingRate()];
      int dim = runner.embeddingDimension(samples.batch(List.of(new Span(second, 0, second.length))),
          "one second of silence");
      this.space = folder.space(dim, normalize, weights, java.util.Map.of("preprocessing", prep.toString(),
          "window", Double.toString(config.windowSeconds()), "overlap", Double.toString(config.overlapSeconds())));
      this.clips = EncodePipeline.builder(runner, samples).optBatchSize(config.batchSize())
          .optNormalize(normalize).optNoun("clip").build();
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
    int rate = prep.samplingRate();
    this.files = clips.decoding(file -> AudioDecoder.decodeMono(file, rate)); // in blocks: bounded memory
  }

  /**
   * Returns an encoder for a configuration, loading its model.
   *
   * @param config the configuration
   * @return the encoder
   * @throws ModelLoadException if the model or its preprocessing settings are unusable
   */
  public static AudioEncoder create(AudioEncoderConfig config) {
    return new AudioEncoder(config);
  }

  @Override
  public EmbeddingSpace space() {
    return space;
  }

  @Override
  protected EncodePipeline<AudioClip, ?> pipeline() {
    return clips;
  }

  @Override
  protected EncodePipeline<Path, ?> files() {
    return files;
  }

  /**
   * Returns the preprocessing in effect.
   *
   * @return the settings
   */
  public AudioPreprocessing preprocessing() {
    return prep;
  }

  /**
   * Returns the settings in effect, for logs.
   *
   * @return a one-line description
   */
  public String describe() {
    return (mel == null ? "waveform model" : "log-mel model (" + prep.mel().nMels() + " mels)") + " at "
        + prep.samplingRate() + " Hz, " + prep.normalization() + (normalize ? ", normalized" : "") + ", "
        + clips.model().engineName();
  }

  /**
   * Returns the embedding of an audio file held in memory.
   *
   * @param bytes the file's bytes
   * @return the embedding
   */
  public float[] encode(byte[] bytes) {
    return encode(AudioDecoder.decode(bytes, "audio bytes"));
  }

  /**
   * Returns the embedding of audio read from a stream (to its end; not closed).
   *
   * @param in the stream
   * @return the embedding
   */
  public float[] encode(InputStream in) {
    return encode(AudioDecoder.decode(in, "audio stream"));
  }

  /**
   * Returns a clip's window embeddings with their times (one window for a clip no longer than the window).
   *
   * @param clip the clip
   * @return the windows in order
   */
  public List<WindowEmbedding> encodeWindows(AudioClip clip) {
    List<WindowEmbedding> out = new ArrayList<>();
    double rate = prep.samplingRate();
    int i = 0;
    for (Preprocessor.Piece<float[]> w : clips.encodePieces(List.of(clip))) {
      double start = (double) i++ * hop / rate;
      out.add(new WindowEmbedding(start, start + w.size() / rate, w.value()));
    }
    return out;
  }

  /**
   * The audio steps: mono at the model's rate, cut into windows; a batch of equal-length windows becomes
   * normalised samples (N, T) or log-mel spectrograms (N, 1, mels, frames).
   */
  private final class Samples implements Preprocessor<AudioClip, Span> {
    private final String inputName;

    Samples(String inputName) {
      this.inputName = inputName;
    }

    @Override
    public List<Piece<Span>> pieces(List<? extends AudioClip> items) {
      List<Piece<Span>> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        for (Span w : windows(mono(items.get(i)))) {
          out.add(new Piece<>(i, w.length(), w.length(), w)); // windows are averaged weighted by duration
        }
      }
      return out;
    }

    @Override
    public ModelInput batch(List<Span> batch) {
      int n = batch.size();
      int len = batch.get(0).length();
      if (mel == null) {
        float[] data = new float[n * len];
        for (int j = 0; j < n; j++) {
          Span w = batch.get(j);
          prep.normalization().apply(w.clip(), w.from(), len, data, j * len); // straight into the batch
        }
        return ModelInput.of(inputName, data, n, len);
      }
      int mels = prep.mel().nMels();
      int frames = mel.frames(len);
      float[] data = new float[n * mels * frames];
      for (int j = 0; j < n; j++) {
        float[][] spec = mel.apply(prep.normalization().apply(batch.get(j).samples()));
        for (int m = 0; m < mels; m++) {
          for (int t = 0; t < frames; t++) {
            data[(j * mels + m) * frames + t] = (float) Math.log(spec[m][t] + prep.logOffset());
          }
        }
      }
      return ModelInput.of(inputName, data, n, 1, mels, frames);
    }
  }

  private float[] mono(AudioClip clip) {
    float[] mono = clip.downmix();
    if (clip.sampleRate() == prep.samplingRate()) {
      return mono;
    }
    return resamplers.computeIfAbsent(clip.sampleRate(), r -> Resampler.of(r, prep.samplingRate())).apply(mono);
  }

  /** Windows of the window length, every hop; a last piece under half a window joins the window before it. */
  private List<Span> windows(float[] x) {
    if (x.length < minSamples) {
      throw new InvalidInputException("audio clip of " + x.length + " samples (" + String.format(
          java.util.Locale.ROOT, "%.4f", x.length / (double) prep.samplingRate()) + " s at " + prep.samplingRate()
          + " Hz) is too short: the model needs at least " + minSamples + " samples");
    }
    List<Span> out = new ArrayList<>();
    if (window == 0) {
      out.add(new Span(x, 0, x.length));
      return out;
    }
    for (int start = 0; ; start += hop) {
      int end = start + window;
      if (end >= x.length || x.length - end < window / 2) {
        out.add(new Span(x, start, x.length));
        return out;
      }
      out.add(new Span(x, start, end));
    }
  }

  /**
   * A window of a clip's samples, copied out only when its batch is formed: a long clip is held once, not
   * once more in windows.
   */
  private record Span(float[] clip, int from, int to) {
    int length() {
      return to - from;
    }

    float[] samples() {
      return from == 0 && to == clip.length ? clip : Arrays.copyOfRange(clip, from, to);
    }
  }
}
