package io.datashard.internal.data;

import java.nio.ByteBuffer;

/**
 * Truncates string and binary column bounds so that they stay valid bounds: a prefix is never
 * greater than the value, so lower bounds are simply cut; upper bounds are cut and then incremented
 * so that they are still greater than every value with that prefix.
 */
public final class BoundTruncation {
  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  private BoundTruncation() {}

  /** The first {@code length} code points of the value. */
  public static String truncateStringLower(String value, int length) {
    if (value.codePointCount(0, value.length()) <= length) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, length));
  }

  /**
   * A string of at most {@code length} code points that is greater than or equal to every string
   * that starts with the value's first {@code length} code points, or null if there is none (every
   * code point of the prefix is the largest code point).
   */
  public static String truncateStringUpper(String value, int length) {
    if (value.codePointCount(0, value.length()) <= length) {
      return value;
    }
    int[] codePoints = value.codePoints().limit(length).toArray();
    for (int i = codePoints.length - 1; i >= 0; i -= 1) {
      int next = codePoints[i] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        // surrogate code points are not characters; the next character follows them
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= MAX_CODE_POINT) {
        codePoints[i] = next;
        return new String(codePoints, 0, i + 1);
      }
    }
    return null;
  }

  /** The first {@code length} bytes of the value. */
  public static ByteBuffer truncateBinaryLower(ByteBuffer value, int length) {
    if (value.remaining() <= length) {
      return value;
    }
    ByteBuffer prefix = value.duplicate();
    prefix.limit(prefix.position() + length);
    return prefix.slice();
  }

  /**
   * At most {@code length} bytes that compare (unsigned) greater than or equal to every value that
   * starts with the value's first {@code length} bytes, or null if there is none (all 0xFF).
   */
  public static ByteBuffer truncateBinaryUpper(ByteBuffer value, int length) {
    if (value.remaining() <= length) {
      return value;
    }
    byte[] bytes = new byte[length];
    value.duplicate().get(bytes);
    for (int i = length - 1; i >= 0; i -= 1) {
      if (bytes[i] != (byte) 0xFF) {
        bytes[i] += 1;
        byte[] result = new byte[i + 1];
        System.arraycopy(bytes, 0, result, 0, i + 1);
        return ByteBuffer.wrap(result);
      }
    }
    return null;
  }
}
