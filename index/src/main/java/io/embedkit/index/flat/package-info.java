/**
 * The exact (brute-force) index and its Guice module.
 *
 * @see io.embedkit.index.flat.FlatIndex
 * @see io.embedkit.index.flat.FlatIndexModule
 */
package io.embedkit.index.flat;
