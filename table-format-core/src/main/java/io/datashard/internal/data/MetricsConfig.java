package io.datashard.internal.data;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics mode of every column of a schema, from the table properties
 * {@code write.metadata.metrics.default} (default {@code truncate(16)}) and
 * {@code write.metadata.metrics.column.<full column name>}.
 */
public final class MetricsConfig {
  public static final String DEFAULT_MODE_PROPERTY = "write.metadata.metrics.default";
  public static final String COLUMN_MODE_PREFIX = "write.metadata.metrics.column.";

  private final MetricsMode defaultMode;
  private final Map<Integer, MetricsMode> columnModes;

  private MetricsConfig(MetricsMode defaultMode, Map<Integer, MetricsMode> columnModes) {
    this.defaultMode = defaultMode;
    this.columnModes = Map.copyOf(columnModes);
  }

  /**
   * The configuration for writing files of {@code schema} to a table with {@code properties}.
   *
   * @throws ValidationException if a mode is invalid or a column property names no column
   */
  public static MetricsConfig from(Schema schema, Map<String, String> properties) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(properties, "properties is null");
    String defaultText = properties.get(DEFAULT_MODE_PROPERTY);
    MetricsMode defaultMode = defaultText == null ? MetricsMode.DEFAULT : parse(DEFAULT_MODE_PROPERTY, defaultText);
    Map<Integer, MetricsMode> modes = new HashMap<>();
    for (Map.Entry<String, String> property : properties.entrySet()) {
      if (property.getKey().startsWith(COLUMN_MODE_PREFIX)) {
        String column = property.getKey().substring(COLUMN_MODE_PREFIX.length());
        // A property for a column that was dropped since is harmless, as in Iceberg.
        schema.findField(column).ifPresent(
            field -> modes.put(field.fieldId(), parse(property.getKey(), property.getValue())));
      }
    }
    return new MetricsConfig(defaultMode, modes);
  }

  /** Every column gets the default mode, {@code truncate(16)}. */
  public static MetricsConfig defaults() {
    return new MetricsConfig(MetricsMode.DEFAULT, Map.of());
  }

  private static MetricsMode parse(String property, String value) {
    try {
      return MetricsMode.parse(value);
    } catch (ValidationException e) {
      throw new ValidationException("Invalid table property " + property + "=" + value + ": " + e.getMessage(), e);
    }
  }

  /** The mode of the column with the given field id. */
  public MetricsMode mode(int fieldId) {
    return columnModes.getOrDefault(fieldId, defaultMode);
  }
}
