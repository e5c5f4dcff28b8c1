/**
 * Vector indexes: exact flat search now, HNSW next, one file format for both.
 *
 * @see io.embedkit.index.flat.FlatIndex
 * @see io.embedkit.index.Indexes
 */
package io.embedkit.index;
