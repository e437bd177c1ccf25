package io.datashard;

/** The current snapshot became {@code snapshotId} at {@code timestampMillis}. */
public record HistoryEntry(long timestampMillis, long snapshotId) {
}
