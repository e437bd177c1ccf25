package io.datashard;

import io.datashard.transforms.Transform;

/**
 * Evolves the partition spec (metadata only: existing files keep their spec). Removing a field in
 * a v1 table replaces its transform with void, as v1 requires.
 */
public interface UpdatePartitionSpec extends PendingUpdate<PartitionSpec> {
  UpdatePartitionSpec caseSensitive(boolean caseSensitive);

  /** Adds an identity partition on a column. */
  UpdatePartitionSpec addField(String sourceName);

  UpdatePartitionSpec addField(String sourceName, Transform transform);

  UpdatePartitionSpec addField(String partitionName, String sourceName, Transform transform);

  /** Removes a partition field by its name. */
  UpdatePartitionSpec removeField(String partitionName);

  /** Removes the partition field with this transform on this column. */
  UpdatePartitionSpec removeField(String sourceName, Transform transform);

  UpdatePartitionSpec renameField(String name, String newName);
}
