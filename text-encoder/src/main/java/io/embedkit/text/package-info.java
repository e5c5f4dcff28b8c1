/**
 * Sentence embeddings with sentence-transformers results: tokenizer, model, pooling and normalisation, and
 * the embedded default model {@code minilm}.
 *
 * @see io.embedkit.text.TextEncoder
 * @see io.embedkit.text.TextEncoderConfig
 * @see io.embedkit.text.TextEncoderModule
 */
package io.embedkit.text;
