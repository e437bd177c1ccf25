package io.datashard.internal.scan;

import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The refinements shared by every scan. Internal: {@code selected}, {@code projection} and
 * {@code executor} are null when not set.
 */
record ScanSettings(Expression filter, boolean caseSensitive, List<String> selected, Schema projection,
    Map<String, String> options, ExecutorService executor) {

  ScanSettings {
    selected = selected == null ? null : List.copyOf(selected);
    options = Map.copyOf(options);
  }

  static ScanSettings defaults() {
    return new ScanSettings(Expressions.alwaysTrue(), true, null, null, Map.of(), null);
  }

  ScanSettings withFilter(Expression newFilter) {
    return new ScanSettings(newFilter, caseSensitive, selected, projection, options, executor);
  }

  ScanSettings withCaseSensitive(boolean newCaseSensitive) {
    return new ScanSettings(filter, newCaseSensitive, selected, projection, options, executor);
  }

  ScanSettings withSelected(List<String> columns) {
    return new ScanSettings(filter, caseSensitive, columns, null, options, executor);
  }

  ScanSettings withProjection(Schema schema) {
    return new ScanSettings(filter, caseSensitive, null, schema, options, executor);
  }

  ScanSettings withOption(String key, String value) {
    Map<String, String> newOptions = new HashMap<>(options);
    newOptions.put(key, value);
    return new ScanSettings(filter, caseSensitive, selected, projection, newOptions, executor);
  }

  ScanSettings withExecutor(ExecutorService newExecutor) {
    return new ScanSettings(filter, caseSensitive, selected, projection, options, newExecutor);
  }
}
