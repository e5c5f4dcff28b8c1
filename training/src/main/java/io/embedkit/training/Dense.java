package io.embedkit.training;

/**
 * One fully connected layer, as DJL's {@code Linear} stores it: weights (out × in, row-major) and a bias.
 *
 * @param out output units
 * @param in input units
 * @param weights {@code out × in} weights, row-major
 * @param bias {@code out} biases
 */
record Dense(int out, int in, float[] weights, float[] bias) {
  Dense {
    if (weights.length != out * in || bias.length != out) {
      throw new IllegalArgumentException("a " + out + " x " + in + " layer needs " + out * in + " weights and " + out
          + " biases, got " + weights.length + " and " + bias.length);
    }
  }

  /** Returns {@code W x + b}, optionally through a ReLU. */
  float[] apply(float[] x, boolean relu) {
    float[] y = new float[out];
    for (int o = 0; o < out; o++) {
      double s = bias[o];
      int row = o * in;
      for (int i = 0; i < in; i++) {
        s += weights[row + i] * x[i];
      }
      y[o] = relu && s < 0 ? 0f : (float) s;
    }
    return y;
  }

  /** Softmax of logits, computed stably in double precision. */
  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
