package io.embedkit.text;

import io.embedkit.core.ModelLoadException;
import java.util.Locale;

/**
 * How token embeddings of shape (T, D) become one sentence embedding, as sentence-transformers' {@code Pooling}
 * module does it. Padding is masked in every mode, so batches of unequal lengths give the same results as
 * single sentences.
 */
public enum Pooling {
  /** Mean of the real tokens. */
  MEAN("mean"),
  /** The first token ({@code [CLS]}), as plain BERT classification heads use it. */
  CLS("cls"),
  /** Component-wise maximum over the real tokens. */
  MAX("max"),
  /** Sum of the real tokens divided by the square root of their count. */
  MEAN_SQRT_LEN_TOKENS("mean_sqrt_len_tokens"),
  /** Mean weighted by position: the token at position {@code t} (0-based) has weight {@code t + 1}. */
  WEIGHTED_MEAN("weightedmean"),
  /** The last real token of each row. */
  LAST_TOKEN("lasttoken");

  private final String configName;

  Pooling(String configName) {
    this.configName = configName;
  }

  /**
   * Returns the mode's name in sentence-transformers' {@code 1_Pooling/config.json} ({@code pooling_mode_*}).
   *
   * @return e.g. {@code "mean"}
   */
  public String configName() {
    return configName;
  }

  /**
   * Parses a mode name: a {@link #configName()} or a constant name, case-insensitively.
   *
   * @param name the name
   * @return the mode
   * @throws ModelLoadException naming the accepted values if unknown
   */
  public static Pooling parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("pooling_mode_")) {
      n = n.substring("pooling_mode_".length());
    }
    switch (n) {
      case "mean": case "mean_tokens":
        return MEAN;
      case "cls": case "cls_token":
        return CLS;
      case "max": case "max_tokens":
        return MAX;
      case "mean_sqrt_len_tokens": case "mean_sqrt_len":
        return MEAN_SQRT_LEN_TOKENS;
      case "weightedmean": case "weightedmean_tokens": case "weighted_mean":
        return WEIGHTED_MEAN;
      case "lasttoken": case "last_token":
        return LAST_TOKEN;
      default:
        throw new ModelLoadException("unknown pooling mode '" + name
            + "': expected one of mean, cls, max, mean_sqrt_len_tokens, weightedmean, lasttoken");
    }
  }

  /**
   * Pools one row of a batch of token embeddings.
   *
   * @param hidden the batch's token embeddings, (N, T, D) flattened
   * @param mask the attention mask, (N, T) flattened, 1 for real tokens
   * @param row which row of the batch
   * @param tokens T, the padded sequence length
   * @param dim D, the embedding dimension
   * @return a new vector of length {@code dim}
   */
  public float[] pool(float[] hidden, long[] mask, int row, int tokens, int dim) {
    float[] out = new float[dim];
    int base = row * tokens * dim;
    int maskBase = row * tokens;
    switch (this) {
      case CLS:
        System.arraycopy(hidden, base, out, 0, dim);
        return out;
      case LAST_TOKEN: {
        int last = 0;
        for (int t = 0; t < tokens; t++) {
          if (mask[maskBase + t] != 0) {
            last = t;
          }
        }
        System.arraycopy(hidden, base + last * dim, out, 0, dim);
        return out;
      }
      case MAX: {
        java.util.Arrays.fill(out, -1e9f); // what sentence-transformers gives a row with no real token
        for (int t = 0; t < tokens; t++) {
          if (mask[maskBase + t] == 0) {
            continue;
          }
          int off = base + t * dim;
          for (int d = 0; d < dim; d++) {
            out[d] = Math.max(out[d], hidden[off + d]);
          }
        }
        return out;
      }
      default:
        break;
    }
    double[] sum = new double[dim];
    double weightSum = 0;
    for (int t = 0; t < tokens; t++) {
      if (mask[maskBase + t] == 0) {
        continue;
      }
      double w = this == WEIGHTED_MEAN ? t + 1 : 1;
      weightSum += w;
      int off = base + t * dim;
      for (int d = 0; d < dim; d++) {
        sum[d] += w * hidden[off + d];
      }
    }
    double divisor = this == MEAN_SQRT_LEN_TOKENS ? Math.sqrt(weightSum) : Math.max(weightSum, 1e-9);
    if (divisor == 0) {
      return out;
    }
    for (int d = 0; d < dim; d++) {
      out[d] = (float) (sum[d] / divisor);
    }
    return out;
  }
}
