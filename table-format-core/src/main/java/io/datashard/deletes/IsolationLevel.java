package io.datashard.deletes;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;
import java.util.Map;

/**
 * How a row-level change validates concurrent commits (Iceberg's {@code write.delete.isolation-level},
 * {@code write.update.isolation-level}, {@code write.merge.isolation-level}).
 */
public enum IsolationLevel {
  /**
   * Fails if a concurrent commit added data files that may hold rows matching the operation's
   * filter (the operation did not see them), or deletes for the data files it changes.
   */
  SERIALIZABLE,
  /** Fails only on concurrent deletes for, or removal of, the data files the operation changes. */
  SNAPSHOT;

  public static final String DELETE_ISOLATION_LEVEL = "write.delete.isolation-level";
  public static final String UPDATE_ISOLATION_LEVEL = "write.update.isolation-level";
  public static final String MERGE_ISOLATION_LEVEL = "write.merge.isolation-level";

  /**
   * The level set by {@code property} in the table's properties, {@link #SERIALIZABLE} (Iceberg's
   * default) when unset.
   *
   * @throws ValidationException if the value is neither {@code serializable} nor {@code snapshot}
   */
  public static IsolationLevel fromProperties(Map<String, String> properties, String property) {
    String value = properties.get(property);
    if (value == null) {
      return SERIALIZABLE;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Invalid table property " + property + "='" + value
          + "': expected serializable or snapshot", e);
    }
  }
}
