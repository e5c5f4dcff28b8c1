package io.embedkit.analysis;

import io.embedkit.core.InvalidInputException;
import io.embedkit.core.Vectors;
import java.util.List;

/** Input checks shared by the analyses. */
final class Data {
  private Data() {}

  /**
   * Checks that there are at least {@code min} vectors, all finite and of one dimension.
   *
   * @return the dimension
   */
  static int check(List<float[]> vectors, int min, String what) {
    if (vectors == null || vectors.size() < min) {
      throw new InvalidInputException(what + " needs at least " + min + " vector" + (min == 1 ? "" : "s")
          + ", got " + (vectors == null ? 0 : vectors.size()));
    }
    if (vectors.get(0) == null) {
      throw new InvalidInputException("vector 0 is null");
    }
    int dim = vectors.get(0).length;
    if (dim == 0) {
      throw new InvalidInputException("vector 0 is empty");
    }
    for (int i = 0; i < vectors.size(); i++) {
      Vectors.check(vectors.get(i), dim, "vector " + i);
    }
    return dim;
  }

  static void sameSize(List<?> a, String aName, List<?> b, String bName) {
    if (b == null || a.size() != b.size()) {
      throw new InvalidInputException(aName + " and " + bName + " differ in number: " + a.size() + " and "
          + (b == null ? 0 : b.size()));
    }
  }
}
