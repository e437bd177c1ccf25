package io.datashard.types;

import java.util.Objects;

/** The spec's rules for changing a column's type during schema evolution. */
public final class TypeChanges {
  private TypeChanges() {}

  /**
   * Whether a column of type {@code from} may be promoted to {@code to} in a v1 or v2 table: int to
   * long, float to double, decimal(P,S) to decimal(P',S) with P' &gt; P, or no change at all.
   */
  public static boolean isPromotionAllowed(Type.PrimitiveType from, Type.PrimitiveType to) {
    return isPromotionAllowed(from, to, 2);
  }

  /**
   * Whether a column of type {@code from} may be promoted to {@code to} in a table of the given format
   * version. Version 3 also allows unknown to any type and date to timestamp or timestamp_ns (never to
   * the zoned variants).
   */
  public static boolean isPromotionAllowed(Type.PrimitiveType from, Type.PrimitiveType to, int formatVersion) {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    if (from.equals(to)) {
      return true;
    }
    switch (from.typeId()) {
      case INTEGER:
        return to.typeId() == Type.TypeID.LONG;
      case FLOAT:
        return to.typeId() == Type.TypeID.DOUBLE;
      case DECIMAL:
        if (to.typeId() != Type.TypeID.DECIMAL) {
          return false;
        }
        Types.DecimalType fromDecimal = (Types.DecimalType) from;
        Types.DecimalType toDecimal = (Types.DecimalType) to;
        return fromDecimal.scale() == toDecimal.scale() && fromDecimal.precision() < toDecimal.precision();
      case UNKNOWN:
        return formatVersion >= 3;
      case DATE:
        return formatVersion >= 3
            && (to.equals(Types.TimestampType.withoutZone()) || to.equals(Types.TimestampNanoType.withoutZone()));
      default:
        return false;
    }
  }
}
