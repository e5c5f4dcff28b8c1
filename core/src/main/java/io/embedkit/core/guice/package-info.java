/**
 * Guice wiring shared by all modules: the store over whichever encoder and index are bound.
 *
 * @see io.embedkit.core.guice.EmbeddingStoreModule
 */
package io.embedkit.core.guice;
