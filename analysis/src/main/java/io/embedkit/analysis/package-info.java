/**
 * What to do with embeddings once they exist: pairwise similarity, k-means clustering with the silhouette
 * score, k-nearest-neighbour classification, 2-D projections (PCA, t-SNE) drawn as scatter plots, and
 * near-duplicate detection. Everything takes plain {@code float[]} vectors, from any encoder.
 */
package io.embedkit.analysis;
