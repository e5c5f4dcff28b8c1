/**
 * Labelled data in, a trained classifier out: {@link io.embedkit.training.EmbeddingClassifier} (linear or MLP
 * heads trained on frozen embeddings with DJL's training API), and labelled datasets read through DJL
 * basicdataset.
 */
package io.embedkit.training;
