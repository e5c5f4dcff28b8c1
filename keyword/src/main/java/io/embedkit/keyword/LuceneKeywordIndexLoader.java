package io.embedkit.keyword;

import io.embedkit.core.KeywordIndex;
import io.embedkit.core.KeywordIndexLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens folders written by {@link LuceneKeywordIndex#save}; found through {@link java.util.ServiceLoader}. */
public final class LuceneKeywordIndexLoader implements KeywordIndexLoader {
  @Override
  public Optional<KeywordIndex> load(Path folder) throws IOException {
    return LuceneKeywordIndex.read(folder).map(KeywordIndex.class::cast);
  }
}
