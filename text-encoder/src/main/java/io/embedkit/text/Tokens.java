package io.embedkit.text;

/**
 * One tokenized sequence, special tokens included.
 *
 * @param ids token ids
 * @param typeIds token type ids, same length
 */
record Tokens(long[] ids, long[] typeIds) {}
