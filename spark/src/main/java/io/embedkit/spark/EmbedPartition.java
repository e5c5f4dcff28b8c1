package io.embedkit.spark;

import io.embedkit.audio.AudioClip;
import io.embedkit.audio.AudioDecoder;
import io.embedkit.audio.AudioEncoder;
import io.embedkit.core.EmbedkitException;
import io.embedkit.core.Encoder;
import io.embedkit.core.InvalidInputException;
import io.embedkit.image.ImageDecoder;
import io.embedkit.image.ImageEncoder;
import io.embedkit.image.RgbImage;
import io.embedkit.text.TextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Embeds one partition a chunk at a time: decodes each row on its own (so a bad row is found and named), then
 * embeds the chunk with this JVM's shared encoder, which batches it ({@code batchSize} items per model call,
 * texts sorted by length inside a chunk of up to 32 batches), and appends the vector (and, when skipping, the error).
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final EncoderSpec spec;
  private final int inputIndex;
  private final int idIndex;
  private final boolean skip;
  private final int chunk;

  EmbedPartition(EncoderSpec spec, int inputIndex, int idIndex, boolean skip) {
    this.spec = spec;
    this.inputIndex = inputIndex;
    this.idIndex = idIndex;
    this.skip = skip;
    // texts: many batches per encoder call, so that sorting by length pays (2.8x on real sentences);
    // images and audio: one batch, as decoded pixels and samples are large
    this.chunk = spec.modality() == EncoderSpec.Modality.TEXT
        ? Math.max(spec.batchSize(), Math.min(4096, spec.batchSize() * 32)) : spec.batchSize();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Encoder<?> encoder = ExecutorEncoders.get(spec);
    ImageDecoder images = spec.modality() == EncoderSpec.Modality.IMAGE ? ImageDecoder.defaults() : null;
    TaskContext task = TaskContext.get();
    int partition = task == null ? -1 : task.partitionId();
    return new Iterator<>() {
      private final List<Row> done = new ArrayList<>();
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        if (next < done.size()) {
          return true;
        }
        done.clear();
        next = 0;
        List<Row> batch = new ArrayList<>(chunk);
        while (batch.size() < chunk && rows.hasNext()) {
          batch.add(rows.next());
        }
        if (!batch.isEmpty()) {
          embed(batch, encoder, images, partition, seen);
          seen += batch.size();
        }
        return next < done.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return done.get(next++);
      }

      private void embed(List<Row> batch, Encoder<?> enc, ImageDecoder dec, int part, long first) {
        Object[] items = new Object[batch.size()];
        String[] errors = new String[batch.size()];
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          try {
            items[i] = decode(batch.get(i), dec);
            ok.add(i);
          } catch (EmbedkitException e) {
            errors[i] = fail(batch.get(i), part, first + i, e);
          }
        }
        float[][] vectors = new float[batch.size()][];
        List<Object> good = new ArrayList<>();
        for (int i : ok) {
          good.add(items[i]);
        }
        try {
          List<float[]> out = encode(enc, good);
          for (int j = 0; j < ok.size(); j++) {
            vectors[ok.get(j)] = out.get(j);
          }
        } catch (EmbedkitException batchError) {
          for (int i : ok) { // find the row at fault
            try {
              vectors[i] = encode(enc, List.of(items[i])).get(0);
            } catch (EmbedkitException e) {
              errors[i] = fail(batch.get(i), part, first + i, e);
            }
          }
        }
        for (int i = 0; i < batch.size(); i++) {
          Row r = batch.get(i);
          Object[] values = new Object[r.length() + (skip ? 2 : 1)];
          for (int c = 0; c < r.length(); c++) {
            values[c] = r.get(c);
          }
          values[r.length()] = vectors[i] == null ? null : boxed(vectors[i]);
          if (skip) {
            values[r.length() + 1] = errors[i];
          }
          done.add(RowFactory.create(values));
        }
      }

      /** Names the row; throws unless skipping, else returns the message to store. */
      private String fail(Row row, int part, long index, EmbedkitException e) {
        String where = idIndex >= 0 ? "row with id '" + row.get(idIndex) + "'" : "row " + index + " of partition " + part;
        String message = where + " (" + describe(row.get(inputIndex)) + "): " + e.getMessage();
        if (!skip) {
          throw new RowEmbeddingException(message, e);
        }
        return message;
      }
    };
  }

  private Object decode(Row row, ImageDecoder images) {
    Object v = row.get(inputIndex);
    if (v == null) {
      throw new InvalidInputException("the input is null");
    }
    switch (spec.modality()) {
      case TEXT:
        return (String) v;
      case IMAGE:
        return v instanceof byte[] b ? images.decode(b, "image bytes") : images.decode(Path.of((String) v));
      default:
        return v instanceof byte[] b ? AudioDecoder.decode(b, "audio bytes") : AudioDecoder.decode(Path.of((String) v));
    }
  }

  @SuppressWarnings("unchecked")
  private List<float[]> encode(Encoder<?> encoder, List<Object> items) {
    if (items.isEmpty()) {
      return List.of();
    }
    switch (spec.modality()) {
      case TEXT:
        return ((TextEncoder) encoder).encodeAll((List<String>) (List<?>) items);
      case IMAGE:
        return ((ImageEncoder) encoder).encodeRgb((List<RgbImage>) (List<?>) items, io.embedkit.core.Progress.NONE);
      default:
        return ((AudioEncoder) encoder).encodeAll((List<AudioClip>) (List<?>) items);
    }
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof byte[] b) {
      return b.length + " bytes";
    }
    String s = v.toString();
    return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
