package io.datashard.flink.source;

import java.util.List;
import java.util.Objects;

/**
 * What the enumerator checkpoints: where planning stands and the splits planned but not yet assigned.
 * Splits already assigned are in their readers' state.
 *
 * @param started whether the start position of a streaming read was resolved (always true once the
 *     first discovery ran; bounded reads are started once planned)
 * @param lastPlannedSnapshotId the last snapshot whose splits were planned, null when none
 * @param nextOrdinal the ordinal the next planned split gets
 * @param pendingSplits splits not yet assigned, in assignment order
 */
public record DatashardEnumeratorState(boolean started, Long lastPlannedSnapshotId, long nextOrdinal,
    List<DatashardSourceSplit> pendingSplits) {

  public DatashardEnumeratorState {
    pendingSplits = List.copyOf(Objects.requireNonNull(pendingSplits, "pendingSplits is null"));
  }
}
