package io.datashard.flink.table;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the {@code datashard} connector and catalog that are not table properties. */
public final class DatashardOptions {
  private DatashardOptions() {}

  public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
      .withDescription("Location of the path table (a local path, file:/ or s3:// URI).");

  public static final ConfigOption<String> DISTRIBUTION_MODE = ConfigOptions.key("write.distribution-mode")
      .stringType().noDefaultValue()
      .withDescription("none: writers take rows as they come; hash: rows are keyed by partition before the "
          + "writers, so each partition is written by one writer. Defaults to the table property, else none.");

  public static final ConfigOption<Boolean> UPSERT_ENABLED = ConfigOptions.key("write.upsert.enabled")
      .booleanType().noDefaultValue()
      .withDescription("With a PRIMARY KEY: true makes every insert replace the key's row (upsert mode; the input"
          + " needs no update-befores); false writes the changelog as it comes. Defaults to the table property,"
          + " else false.");

  /** Prefixes of options that configure the table's storage (FileIO), not the table. */
  private static final String[] IO_PREFIXES = {"s3.", "io.", "client."};

  /** Prefixes of options that are table properties, stored in the table metadata on creation. */
  private static final String[] TABLE_PREFIXES = {"write.", "read.", "commit.", "history.", "format-version"};

  /** The FileIO properties among the options (e.g. {@code s3.endpoint}). */
  public static Map<String, String> fileIoProperties(Map<String, String> options) {
    return select(options, IO_PREFIXES);
  }

  /** The table properties among the options (e.g. {@code write.target-file-size-bytes}). */
  public static Map<String, String> tableProperties(Map<String, String> options) {
    return select(options, TABLE_PREFIXES);
  }

  private static Map<String, String> select(Map<String, String> options, String[] prefixes) {
    Map<String, String> selected = new HashMap<>();
    options.forEach((key, value) -> {
      for (String prefix : prefixes) {
        if (key.startsWith(prefix)) {
          selected.put(key, value);
          break;
        }
      }
    });
    return selected;
  }

  /** Upsert mode: the option, else the table property, else false. */
  public static boolean upsert(String option, Map<String, String> tableProperties, String tableName) {
    String value = option != null ? option : tableProperties.getOrDefault(UPSERT_ENABLED.key(), "false");
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("Invalid " + UPSERT_ENABLED.key() + "=" + value + " for table " + tableName
            + ": expected true or false");
    }
  }

  /** The distribution mode: the option, else the table property, else none. */
  public static boolean hashDistribution(String option, Map<String, String> tableProperties, String tableName) {
    String mode = option != null ? option : tableProperties.getOrDefault(DISTRIBUTION_MODE.key(), "none");
    switch (mode.trim().toLowerCase(Locale.ROOT)) {
      case "none":
        return false;
      case "hash":
        return true;
      case "range":
        throw new IllegalArgumentException("Cannot write table " + tableName + " with " + DISTRIBUTION_MODE.key()
            + "=range: the Flink sink supports none and hash; use hash to group rows by partition");
      default:
        throw new IllegalArgumentException("Invalid " + DISTRIBUTION_MODE.key() + "=" + mode + " for table " + tableName
            + ": expected none or hash");
    }
  }
}
