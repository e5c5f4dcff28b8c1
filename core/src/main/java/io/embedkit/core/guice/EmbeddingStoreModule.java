package io.embedkit.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import io.embedkit.core.EmbeddingStore;
import io.embedkit.core.Encoder;
import io.embedkit.core.VectorIndex;
import java.util.Objects;

/**
 * Binds {@code EmbeddingStore<T>} as a singleton over the {@code Encoder<T>} and {@link VectorIndex} that
 * other modules bind.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     new TextEncoderModule(TextEncoderConfig.defaults()),
 *     new FlatIndexModule(new FlatIndexConfig(384, Metric.COSINE)),
 *     EmbeddingStoreModule.of(String.class));
 * EmbeddingStore<String> store = injector.getInstance(new Key<EmbeddingStore<String>>() {});
 * }</pre>
 *
 * @param <T> the item type
 */
public final class EmbeddingStoreModule<T> extends AbstractModule {
  private final Class<T> itemType;

  private EmbeddingStoreModule(Class<T> itemType) {
    this.itemType = Objects.requireNonNull(itemType, "itemType");
  }

  /**
   * Returns the module for items of one type.
   *
   * @param itemType the item class, e.g. {@code String.class}
   * @param <T> the item type
   * @return the module
   */
  public static <T> EmbeddingStoreModule<T> of(Class<T> itemType) {
    return new EmbeddingStoreModule<>(itemType);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void configure() {
    Key<Encoder<T>> encoderKey =
        (Key<Encoder<T>>) Key.get(TypeLiteral.get(Types.newParameterizedType(Encoder.class, itemType)));
    Key<EmbeddingStore<T>> storeKey = (Key<EmbeddingStore<T>>) Key.get(
        TypeLiteral.get(Types.newParameterizedType(EmbeddingStore.class, itemType)));
    Provider<Encoder<T>> encoder = getProvider(encoderKey);
    Provider<VectorIndex> index = getProvider(VectorIndex.class);
    bind(storeKey).toProvider(() -> EmbeddingStore.of(encoder.get(), index.get())).in(Scopes.SINGLETON);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingStoreModule<?> other && itemType.equals(other.itemType);
  }

  @Override
  public int hashCode() {
    return itemType.hashCode();
  }
}
