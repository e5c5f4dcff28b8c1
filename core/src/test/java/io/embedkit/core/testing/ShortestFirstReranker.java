package io.embedkit.core.testing;

import io.embedkit.core.Reranker;
import java.util.List;

/** A test reranker whose order is easy to predict: the shorter the passage, the higher its score (minus its length). */
public final class ShortestFirstReranker implements Reranker {
  @Override
  public float[] score(String query, List<String> passages) {
    float[] s = new float[passages.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = -passages.get(i).length();
    }
    return s;
  }

  @Override
  public void close() {}
}
