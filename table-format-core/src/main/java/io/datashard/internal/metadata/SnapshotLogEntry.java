package io.datashard.internal.metadata;

/** An entry of the snapshot log: the table's current snapshot changed to this one at this time. */
public record SnapshotLogEntry(long timestampMillis, long snapshotId) {
}
