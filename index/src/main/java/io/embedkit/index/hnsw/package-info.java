/**
 * The HNSW approximate nearest-neighbour index: graph, builder, searcher (the one descent, for queries and
 * inserts), scorer, vector storage, id map with tombstones and file codec as separate classes behind the
 * {@link io.embedkit.index.hnsw.HnswIndex} facade.
 *
 * @see io.embedkit.index.hnsw.HnswIndex
 * @see io.embedkit.index.hnsw.HnswConfig
 * @see io.embedkit.index.hnsw.HnswIndexModule
 */
package io.embedkit.index.hnsw;
