package io.datashard;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;

/** Where a sort field places null values. */
public enum NullOrder {
  NULLS_FIRST("nulls-first"),
  NULLS_LAST("nulls-last");

  private final String jsonName;

  NullOrder(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name written in metadata JSON: {@code nulls-first} or {@code nulls-last}. */
  public String jsonName() {
    return jsonName;
  }

  /** Parses {@code nulls-first} or {@code nulls-last}, ignoring case. */
  public static NullOrder fromJsonName(String name) {
    for (NullOrder order : values()) {
      if (order.jsonName.equals(name.toLowerCase(Locale.ROOT))) {
        return order;
      }
    }
    throw new ValidationException("Invalid null order '" + name + "': expected nulls-first or nulls-last");
  }
}
