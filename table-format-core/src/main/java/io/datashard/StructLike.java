package io.datashard;

/** A tuple of values read by position, such as a partition tuple. */
public interface StructLike {
  int size();

  /**
   * The value at {@code pos}, or null.
   *
   * @throws ClassCastException if the value is not a {@code javaClass}
   */
  <T> T get(int pos, Class<T> javaClass);
}
