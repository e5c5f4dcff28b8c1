package io.embedkit.examples.cli;

import io.embedkit.audio.AudioEncoder;
import io.embedkit.audio.AudioEncoderConfig;
import io.embedkit.core.InvalidInputException;
import io.embedkit.core.djl.ModelEngine;
import io.embedkit.core.model.ModelSource;
import io.embedkit.image.ClipModel;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.ImageEncoderConfig;
import io.embedkit.image.ImagePreprocessing;
import io.embedkit.text.TextEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Opens the encoder a command's model options name, for any modality; CLIP folders give either tower. */
final class Models {
  private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp");
  private static final List<String> AUDIO_EXTENSIONS = List.of(".wav", ".aiff", ".aif", ".flac", ".mp3");

  private Models() {}

  static boolean isClip(TextModelOptions o) {
    Path p = Path.of(o.model);
    return Files.isDirectory(p) && ClipModel.isClipFolder(p);
  }

  /** The text encoder: the model itself, or the text tower of a CLIP folder. */
  static TextEncoder texts(TextModelOptions o) {
    if (!isClip(o)) {
      return o.open();
    }
    o.applyThreads();
    var b = ClipModel.textConfig(ModelSource.parse(o.model)).optBatchSize(o.batch).optThreads(o.threads);
    if (o.engine != null) {
      b.optEngine(ModelEngine.parse(o.engine));
    }
    return TextEncoder.create(b.build());
  }

  /** The image encoder: a ResNet-style folder, or the image tower of a CLIP folder. */
  static ImageEncoder images(TextModelOptions o, String preprocess) {
    if (o.model.equals("minilm")) {
      throw new InvalidInputException("images need --model FOLDER: a folder with model.onnx or model.pt (ResNet"
          + " style) or a CLIP folder with vision_model.onnx or vision_model.pt");
    }
    o.applyThreads();
    ModelSource source = ModelSource.parse(o.model);
    ImageEncoderConfig.Builder b = isClip(o) ? ClipModel.imageConfig(source) : ImageEncoderConfig.builder()
        .setSource(source);
    b.optBatchSize(o.batch).optThreads(o.threads);
    if (o.engine != null) {
      b.optEngine(ModelEngine.parse(o.engine));
    }
    if (preprocess != null) {
      b.optPreprocessing(ImagePreprocessing.preset(preprocess));
    }
    return ImageEncoder.create(b.build());
  }

  /** The audio encoder of a Wav2Vec2-style or log-mel model folder. */
  static AudioEncoder audio(TextModelOptions o) {
    if (o.model.equals("minilm")) {
      throw new InvalidInputException("audio needs --model FOLDER: a folder with model.onnx or model.pt and its"
          + " preprocessor_config.json (Wav2Vec2 or log-mel settings)");
    }
    o.applyThreads();
    AudioEncoderConfig.Builder b = AudioEncoderConfig.builder().setSource(ModelSource.parse(o.model))
        .optBatchSize(o.batch).optThreads(o.threads);
    if (o.engine != null) {
      b.optEngine(ModelEngine.parse(o.engine));
    }
    return AudioEncoder.create(b.build());
  }

  static List<Path> imageFiles(List<Path> in) {
    return files(in, IMAGE_EXTENSIONS, "image");
  }

  static List<Path> audioFiles(List<Path> in) {
    return files(in, AUDIO_EXTENSIONS, "audio");
  }

  /** The files named, with folders expanded to the files of the given kinds under them, sorted by path. */
  private static List<Path> files(List<Path> in, List<String> extensions, String kind) {
    List<Path> out = new ArrayList<>();
    for (Path p : in) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).filter(f -> extensions.stream()
              .anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
              .sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new InvalidInputException(p + ": no such file or folder");
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("no " + kind + " files (" + String.join(", ", extensions) + ") in " + in);
    }
    return out;
  }

  /** An item's id: its path relative to the folder it was found in, or its file name. */
  static List<String> ids(List<Path> in, List<Path> files) {
    List<String> ids = new ArrayList<>(files.size());
    for (Path f : files) {
      String id = f.getFileName().toString();
      for (Path root : in) {
        if (Files.isDirectory(root) && f.startsWith(root)) {
          id = root.relativize(f).toString();
          break;
        }
      }
      ids.add(id);
    }
    return ids;
  }
}
