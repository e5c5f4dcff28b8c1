package io.embedkit.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A preprocessor that decodes its items first (files, bytes), then hands them to the modality's own. */
final class DecodingPreprocessor<S, I, P> implements Preprocessor<S, P> {
  private final Function<? super S, ? extends I> decoder;
  private final Preprocessor<I, P> inner;

  DecodingPreprocessor(Function<? super S, ? extends I> decoder, Preprocessor<I, P> inner) {
    this.decoder = decoder;
    this.inner = inner;
  }

  @Override
  public List<Piece<P>> pieces(List<? extends S> items) {
    List<I> decoded = new ArrayList<>(items.size());
    for (S s : items) {
      decoded.add(decoder.apply(s));
    }
    return inner.pieces(decoded);
  }

  @Override
  public ModelInput batch(List<P> pieces) {
    return inner.batch(pieces);
  }

  @Override
  public boolean pads() {
    return inner.pads();
  }
}
