package io.embedkit.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.embedkit.core.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * LangChain4j's {@link EmbeddingModel} over any embedkit text {@link Encoder} (MiniLM, an int8 variant, a
 * Hugging Face folder or hub id): the segments of one call are embedded in one {@code encodeAll}, batched and
 * sorted by length. Thread-safe as the encoder is. Closing the encoder is the caller's business.
 *
 * <pre>{@code
 * try (Encoder<String> minilm = Encoders.open("minilm", String.class)) {
 *   EmbeddingModel model = new EmbedkitEmbeddingModel(minilm);
 *   Embedding e = model.embed("hello").content();
 * }
 * }</pre>
 */
public final class EmbedkitEmbeddingModel implements EmbeddingModel {
  private final Encoder<String> encoder;

  /**
   * Wraps an encoder.
   *
   * @param encoder the text encoder
   */
  public EmbedkitEmbeddingModel(Encoder<String> encoder) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<String> texts = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      texts.add(s.text());
    }
    List<float[]> vectors = encoder.encodeAll(texts);
    List<Embedding> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(Embedding.from(v));
    }
    return Response.from(out);
  }

  @Override
  public int dimension() {
    return encoder.space().dimension();
  }

  @Override
  public String modelName() {
    return encoder.space().name();
  }

  /**
   * Returns the encoder.
   *
   * @return the encoder
   */
  public Encoder<String> encoder() {
    return encoder;
  }
}
