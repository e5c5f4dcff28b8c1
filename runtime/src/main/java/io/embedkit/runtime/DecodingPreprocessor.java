package io.embedkit.runtime;

import io.embedkit.core.InvalidInputException;
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
    List<Piece<P>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) { // one at a time: a bad item is named, only one is decoded at once
      S source = items.get(i);
      I item = decoder.apply(source);
      List<Piece<P>> pieces;
      try {
        pieces = inner.pieces(List.of(item));
      } catch (InvalidInputException e) {
        throw source instanceof java.nio.file.Path ? new InvalidInputException(source + ": " + e.getMessage(), e) : e;
      }
      for (Piece<P> p : pieces) {
        out.add(new Piece<>(i, p.size(), p.weight(), p.value()));
      }
    }
    return out;
  }

  @Override
  public ModelInput batch(List<P> pieces) {
    return inner.batch(pieces);
  }

  @Override
  public boolean pads() {
    return inner.pads();
  }

  @Override
  public long callCost() {
    return inner.callCost();
  }
}
