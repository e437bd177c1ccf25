package io.datashard;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;

/** The direction of a sort field. */
public enum SortDirection {
  ASC("asc"),
  DESC("desc");

  private final String jsonName;

  SortDirection(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name written in metadata JSON: {@code asc} or {@code desc}. */
  public String jsonName() {
    return jsonName;
  }

  /** Parses {@code asc} or {@code desc}, ignoring case. */
  public static SortDirection fromJsonName(String name) {
    for (SortDirection direction : values()) {
      if (direction.jsonName.equals(name.toLowerCase(Locale.ROOT))) {
        return direction;
      }
    }
    throw new ValidationException("Invalid sort direction '" + name + "': expected asc or desc");
  }

  /** The null order used when none is given: nulls first for ascending, nulls last for descending. */
  public NullOrder defaultNullOrder() {
    return this == ASC ? NullOrder.NULLS_FIRST : NullOrder.NULLS_LAST;
  }
}
