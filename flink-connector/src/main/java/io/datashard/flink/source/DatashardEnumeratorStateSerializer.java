package io.datashard.flink.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes the enumerator's checkpoint. Version 1: flags, last snapshot, next ordinal, pending splits. */
public final class DatashardEnumeratorStateSerializer implements SimpleVersionedSerializer<DatashardEnumeratorState> {
  public static final DatashardEnumeratorStateSerializer INSTANCE = new DatashardEnumeratorStateSerializer();

  @Override
  public int getVersion() {
    return DatashardSplitSerializer.INSTANCE.getVersion();
  }

  @Override
  public byte[] serialize(DatashardEnumeratorState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    out.writeBoolean(state.started());
    out.writeBoolean(state.lastPlannedSnapshotId() != null);
    out.writeLong(state.lastPlannedSnapshotId() == null ? 0L : state.lastPlannedSnapshotId());
    out.writeLong(state.nextOrdinal());
    out.writeInt(state.pendingSplits().size());
    for (DatashardSourceSplit split : state.pendingSplits()) {
      DatashardSplitSerializer.write(split, out);
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public DatashardEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    DatashardSplitSerializer.checkVersion(version);
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    boolean started = in.readBoolean();
    boolean hasLast = in.readBoolean();
    long last = in.readLong();
    long nextOrdinal = in.readLong();
    int count = in.readInt();
    List<DatashardSourceSplit> pending = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pending.add(DatashardSplitSerializer.read(in));
    }
    return new DatashardEnumeratorState(started, hasLast ? last : null, nextOrdinal, pending);
  }
}
