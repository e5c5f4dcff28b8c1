package io.embedkit.text;

/**
 * A right-padded batch of token sequences, (rows, length) flattened row-major.
 *
 * @param ids token ids
 * @param mask 1 for real tokens, 0 for padding
 * @param typeIds token type (segment) ids
 * @param rows how many sequences
 * @param length the padded length
 */
record TokenBatch(long[] ids, long[] mask, long[] typeIds, int rows, int length) {
  static TokenBatch of(java.util.List<Tokens> seqs) {
    int len = 1;
    for (Tokens t : seqs) {
      len = Math.max(len, t.ids().length);
    }
    int n = seqs.size();
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int r = 0; r < n; r++) {
      Tokens t = seqs.get(r);
      System.arraycopy(t.ids(), 0, ids, r * len, t.ids().length);
      System.arraycopy(t.typeIds(), 0, types, r * len, t.typeIds().length);
      java.util.Arrays.fill(mask, r * len, r * len + t.ids().length, 1L);
    }
    return new TokenBatch(ids, mask, types, n, len);
  }
}
