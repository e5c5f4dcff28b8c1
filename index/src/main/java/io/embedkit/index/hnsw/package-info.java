/**
 * The HNSW approximate nearest-neighbour index: graph, builder, searcher, scorer and vector storage as
 * separate classes behind the {@link io.embedkit.index.hnsw.HnswIndex} facade.
 *
 * @see io.embedkit.index.hnsw.HnswIndex
 * @see io.embedkit.index.hnsw.HnswConfig
 * @see io.embedkit.index.hnsw.HnswIndexModule
 */
package io.embedkit.index.hnsw;
