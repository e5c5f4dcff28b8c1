/**
 * The embedkit SPI: encoders that turn items into vectors, indexes that search them, and the store that
 * joins the two.
 *
 * @see io.embedkit.core.Encoder
 * @see io.embedkit.core.VectorIndex
 * @see io.embedkit.core.EmbeddingStore
 * @see io.embedkit.core.Metric
 */
package io.embedkit.core;
