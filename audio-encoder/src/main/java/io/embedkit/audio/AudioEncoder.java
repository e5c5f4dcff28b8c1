package io.embedkit.audio;

import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.embedkit.core.EmbeddingSpace;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Metric;
import io.embedkit.core.ModelLoadException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.djl.ModelLoader;
import io.embedkit.core.djl.PredictorPool;
import io.embedkit.core.internal.Djl;
import io.embedkit.core.internal.EncoderOutputs;
import io.embedkit.core.internal.ModelFolders;
import io.embedkit.core.model.ResolvedModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
public final class AudioEncoder implements Encoder<AudioClip> {
  private final AudioEncoderConfig config;
  private final AudioPreprocessing prep;
  private final MelSpectrogram mel;
  private final PredictorPool<TensorTranslator.Tensor, TensorTranslator.Tensor> pool;
  private final EmbeddingSpace space;
  private final boolean normalize;
  private final ModelEngine engine;
  private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * One window of a clip and its embedding.
   *
   * @param startSeconds where the window starts in the clip
   * @param endSeconds where it ends
   * @param vector its embedding
   */
  public record WindowEmbedding(double startSeconds, double endSeconds, float[] vector) {}

  private AudioEncoder(AudioEncoderConfig config) {
    Djl.applyDefaults();
    this.config = config;
    ResolvedModel model = config.source().resolve();
    Path dir = model.directory();
    JsonObject ek = ModelFolders.embedkitJson(dir);
    ModelEngine.Weights weights = ModelEngine.locate(model, "model",
        config.engine() != null ? config.engine() : ModelFolders.engine(ek));
    this.engine = weights.engine();
    this.prep = config.preprocessing() != null ? config.preprocessing() : AudioPreprocessing.fromFolder(dir);
    this.mel = prep.mel() == null ? null : MelSpectrogram.of(prep.mel());
    this.normalize = config.normalize() != null && config.normalize();
    PredictorPool<TensorTranslator.Tensor, TensorTranslator.Tensor> p = null;
    try {
      TensorTranslator translator = new TensorTranslator();
      ZooModel<TensorTranslator.Tensor, TensorTranslator.Tensor> zoo = ModelLoader.load(weights,
          TensorTranslator.Tensor.class, TensorTranslator.Tensor.class, translator, config.threads());
      p = new PredictorPool<>(zoo, config.concurrency());
      if (engine == ModelEngine.ONNX) {
        PairList<String, ?> inputs = zoo.describeInput();
        if (inputs != null && inputs.size() != 1) {
          throw new ModelLoadException("model " + weights.file() + " takes " + inputs.keys()
              + "; an audio model takes one input (waveform or log-mel spectrogram)");
        }
        if (inputs != null) {
          translator.setInputName(inputs.keys().get(0));
        }
      }
      TensorTranslator.Tensor probe;
      try {
        probe = p.predict(input(List.of(new float[prep.samplingRate()])));
      } catch (RuntimeException e) {
        throw new ModelLoadException("model " + weights.file() + " fails on one second of silence: " + e.getMessage(), e);
      }
      int dim = EncoderOutputs.dimension(probe.shape());
      if (dim < 0) {
        throw new ModelLoadException("model " + weights.file() + ": first output has shape "
            + Arrays.toString(probe.shape()) + "; expected (N, D), (N, T, D) or (N, C, H, W)");
      }
      this.space = new EmbeddingSpace(ModelFolders.spaceName(dir, ek, config.source().location()), dim, normalize,
          Metric.COSINE);
    } catch (RuntimeException e) {
      if (p != null) {
        p.close();
      }
      throw e;
    }
    this.pool = p;
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
        + engine.djlName();
  }

  @Override
  public float[] encode(AudioClip input) {
    if (input == null) {
      throw new InvalidInputException("input clip must not be null");
    }
    return encodeAll(List.of(input)).get(0);
  }

  /**
   * Returns the embedding of an audio file.
   *
   * @param file a WAV or AIFF file
   * @return the embedding
   */
  public float[] encode(Path file) {
    return encode(AudioDecoder.decode(file));
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
   * Returns the embeddings of audio files, in their order.
   *
   * @param files the files
   * @return one vector per file
   */
  public List<float[]> encodeFiles(List<Path> files) {
    List<float[]> out = new ArrayList<>(files.size());
    for (int from = 0; from < files.size(); from += config.batchSize()) {
      List<AudioClip> clips = new ArrayList<>();
      for (Path f : files.subList(from, Math.min(files.size(), from + config.batchSize()))) {
        clips.add(AudioDecoder.decode(f));
      }
      out.addAll(encodeAll(clips));
    }
    return out;
  }

  @Override
  public List<float[]> encodeAll(List<? extends AudioClip> inputs) {
    List<float[]> waves = new ArrayList<>();
    List<double[]> owners = new ArrayList<>(); // per window: {clip, duration}
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new InvalidInputException("input clip at position " + i + " is null");
      }
      for (float[] w : windows(mono16(inputs.get(i)))) {
        waves.add(w);
        owners.add(new double[] {i, w.length});
      }
    }
    List<float[]> rows = run(waves);
    int dim = space.dimension();
    double[][] sums = new double[inputs.size()][dim];
    double[] weights = new double[inputs.size()];
    for (int r = 0; r < rows.size(); r++) {
      int clip = (int) owners.get(r)[0];
      double w = owners.get(r)[1];
      for (int d = 0; d < dim; d++) {
        sums[clip][d] += w * rows.get(r)[d];
      }
      weights[clip] += w;
    }
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (sums[i][d] / weights[i]);
      }
      out.add(finish(v));
    }
    return out;
  }

  /**
   * Returns a clip's window embeddings with their times (one window for a clip no longer than the window).
   *
   * @param clip the clip
   * @return the windows in order
   */
  public List<WindowEmbedding> encodeWindows(AudioClip clip) {
    List<float[]> ws = windows(mono16(clip));
    List<float[]> rows = run(ws);
    List<WindowEmbedding> out = new ArrayList<>();
    double rate = prep.samplingRate();
    int hop = hopSamples();
    for (int i = 0; i < ws.size(); i++) {
      double start = (double) i * hop / rate;
      out.add(new WindowEmbedding(start, start + ws.get(i).length / rate, finish(rows.get(i))));
    }
    return out;
  }

  private float[] mono16(AudioClip clip) {
    float[] mono = clip.downmix();
    if (clip.sampleRate() == prep.samplingRate()) {
      return mono;
    }
    return resamplers.computeIfAbsent(clip.sampleRate(), r -> Resampler.of(r, prep.samplingRate())).apply(mono);
  }

  private int windowSamples() {
    return (int) Math.round(config.windowSeconds() * prep.samplingRate());
  }

  private int hopSamples() {
    return (int) Math.round((config.windowSeconds() - config.overlapSeconds()) * prep.samplingRate());
  }

  /** Windows of the window length, every hop; a last piece under half a window joins the window before it. */
  private List<float[]> windows(float[] x) {
    int win = windowSamples();
    int hop = hopSamples();
    List<float[]> out = new ArrayList<>();
    for (int start = 0; ; start += hop) {
      int end = start + win;
      if (end >= x.length || x.length - end < win / 2) {
        out.add(start == 0 ? x : Arrays.copyOfRange(x, start, x.length));
        return out;
      }
      out.add(Arrays.copyOfRange(x, start, end));
    }
  }

  /** Runs the model over inputs, batching runs of equal length. */
  private List<float[]> run(List<float[]> waves) {
    if (closed.get()) {
      throw new IllegalStateException("the encoder is closed");
    }
    float[][] out = new float[waves.size()][];
    int i = 0;
    while (i < waves.size()) {
      int end = i + 1;
      while (end < waves.size() && end - i < config.batchSize() && waves.get(end).length == waves.get(i).length) {
        end++;
      }
      List<float[]> batch = waves.subList(i, end);
      TensorTranslator.Tensor o = pool.predict(input(batch));
      for (int j = 0; j < batch.size(); j++) {
        out[i + j] = pool(o, j, batch.size());
      }
      i = end;
    }
    return Arrays.asList(out);
  }

  private TensorTranslator.Tensor input(List<float[]> batch) {
    int n = batch.size();
    int len = batch.get(0).length;
    if (mel == null) {
      float[] data = new float[n * len];
      for (int j = 0; j < n; j++) {
        System.arraycopy(prep.normalization().apply(batch.get(j)), 0, data, j * len, len);
      }
      return new TensorTranslator.Tensor(data, new long[] {n, len});
    }
    int mels = prep.mel().nMels();
    int frames = mel.frames(len);
    float[] data = new float[n * mels * frames];
    for (int j = 0; j < n; j++) {
      float[][] spec = mel.apply(prep.normalization().apply(batch.get(j)));
      for (int m = 0; m < mels; m++) {
        for (int t = 0; t < frames; t++) {
          data[(j * mels + m) * frames + t] = (float) Math.log(spec[m][t] + prep.logOffset());
        }
      }
    }
    return new TensorTranslator.Tensor(data, new long[] {n, 1, mels, frames});
  }

  private float[] pool(TensorTranslator.Tensor o, int row, int rows) {
    return EncoderOutputs.pool(o.data(), o.shape(), row, rows);
  }

  private float[] finish(float[] v) {
    if (normalize) {
      EncoderOutputs.l2Normalize(v);
    }
    return v;
  }


  /** Closes the model and its predictors; a second call does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }
}
