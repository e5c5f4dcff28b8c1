package io.embedkit.runtime;

/**
 * The first output of a model call, copied to the heap as float32.
 *
 * @param data the values, row-major
 * @param shape the shape, e.g. (N, D), (N, T, D) or (N, C, H, W)
 */
public record ModelOutput(float[] data, long[] shape) {}
