package io.datashard.internal.commit;

import io.datashard.UpdateProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Sets and removes table properties; re-applied as-is on a refreshed table. */
final class PropertiesUpdate implements UpdateProperties, MetadataChange {
  private final ChangeCommitter committer;
  private final Map<String, String> updates = new LinkedHashMap<>();
  private final Set<String> removals = new HashSet<>();

  PropertiesUpdate(ChangeCommitter committer) {
    this.committer = committer;
  }

  @Override
  public UpdateProperties set(String key, String value) {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(value, "value is null");
    if (removals.contains(key)) {
      throw new ValidationException("Cannot both set and remove table property '" + key + "' in one update");
    }
    updates.put(key, value);
    return this;
  }

  @Override
  public UpdateProperties remove(String key) {
    Objects.requireNonNull(key, "key is null");
    if (updates.containsKey(key)) {
      throw new ValidationException("Cannot both set and remove table property '" + key + "' in one update");
    }
    removals.add(key);
    return this;
  }

  @Override
  public Map<String, String> apply() {
    return applyTo(committer.current()).properties();
  }

  @Override
  public void commit() {
    committer.commit(this);
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    return base.toBuilder().setProperties(updates).removeProperties(removals).build();
  }
}
