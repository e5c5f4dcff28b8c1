/**
 * Runnable examples, one class each, short enough to copy: sentence similarity, document search, image,
 * audio and text-to-image search, clustering with a plot, kNN classification. Run them with
 * {@code ./embedkit example NAME} (see {@code ./embedkit example --help}) or through their {@code main}.
 */
package io.embedkit.examples;
