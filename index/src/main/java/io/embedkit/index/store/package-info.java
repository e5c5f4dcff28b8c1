/**
 * The index file format: versioned header, checksummed content, atomic writes.
 *
 * @see io.embedkit.index.store.IndexFiles
 */
package io.embedkit.index.store;
