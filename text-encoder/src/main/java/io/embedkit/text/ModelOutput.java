package io.embedkit.text;

/**
 * The first output of a model run, copied to the heap.
 *
 * @param data the values, row-major
 * @param shape the shape, e.g. (N, T, D) or (N, D)
 */
record ModelOutput(float[] data, long[] shape) {}
