/**
 * Distance kernels: a scalar implementation that always works and a SIMD one chosen at run time.
 *
 * @see io.embedkit.index.vector.Kernels
 */
package io.embedkit.index.vector;
