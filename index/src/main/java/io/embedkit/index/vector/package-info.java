/**
 * How the indexes rank while searching; the distance kernels themselves are in
 * {@link io.embedkit.core.vector}.
 */
package io.embedkit.index.vector;
