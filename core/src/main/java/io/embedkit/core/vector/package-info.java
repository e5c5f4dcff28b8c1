/**
 * Numeric kernels shared by the indexes and the encoders (distances, the resampler's filter bank): a scalar
 * implementation that always works and a SIMD one chosen at run time.
 *
 * @see io.embedkit.core.vector.Kernels
 */
package io.embedkit.core.vector;
