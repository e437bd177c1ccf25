package io.datashard;

import java.util.Map;

/** Sets and removes table properties. */
public interface UpdateProperties extends PendingUpdate<Map<String, String>> {
  UpdateProperties set(String key, String value);

  UpdateProperties remove(String key);
}
