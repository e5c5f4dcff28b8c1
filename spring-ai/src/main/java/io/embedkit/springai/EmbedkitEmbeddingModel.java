package io.embedkit.springai;

import io.embedkit.core.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Spring AI's {@link EmbeddingModel} over any embedkit text {@link Encoder}: the texts of one request are
 * embedded in one {@code encodeAll} (batched, sorted by length). Request options are not used: the encoder's
 * settings decide. Thread-safe as the encoder is; closing the encoder is the caller's business.
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
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<float[]> vectors = encoder.encodeAll(request.getInstructions());
    List<Embedding> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(new Embedding(vectors.get(i), i));
    }
    return new EmbeddingResponse(out);
  }

  @Override
  public float[] embed(Document document) {
    return encoder.encode(document.getText());
  }

  @Override
  public int dimensions() {
    return encoder.space().dimension();
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
