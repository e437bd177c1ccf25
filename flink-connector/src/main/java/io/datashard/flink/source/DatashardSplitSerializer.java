package io.datashard.flink.source;

import io.datashard.scan.FileScanTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes splits into checkpoints. Version 1: snapshot id, sequence number, ordinal, position and
 * watermark as fixed fields, then the file scan tasks with Java serialization (the core's tasks,
 * files and expressions are {@link java.io.Serializable}).
 */
public final class DatashardSplitSerializer implements SimpleVersionedSerializer<DatashardSourceSplit> {
  public static final DatashardSplitSerializer INSTANCE = new DatashardSplitSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(DatashardSourceSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    write(split, out);
    return out.getCopyOfBuffer();
  }

  @Override
  public DatashardSourceSplit deserialize(int version, byte[] serialized) throws IOException {
    checkVersion(version);
    return read(new DataInputDeserializer(serialized));
  }

  static void checkVersion(int version) throws IOException {
    if (version != VERSION) {
      throw new IOException("Cannot read a Datashard source split or enumerator state of version " + version
          + ": this connector reads version " + VERSION + "; restore with the connector version that wrote it");
    }
  }

  static void write(DatashardSourceSplit split, DataOutputView out) throws IOException {
    out.writeLong(split.snapshotId());
    out.writeLong(split.sequenceNumber());
    out.writeLong(split.ordinal());
    out.writeInt(split.fileOffset());
    out.writeLong(split.recordOffset());
    out.writeLong(split.watermarkMillis());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
      objects.writeObject(new ArrayList<>(split.tasks()));
    }
    out.writeInt(bytes.size());
    out.write(bytes.toByteArray());
  }

  @SuppressWarnings("unchecked")
  static DatashardSourceSplit read(DataInputView in) throws IOException {
    long snapshotId = in.readLong();
    long sequenceNumber = in.readLong();
    long ordinal = in.readLong();
    int fileOffset = in.readInt();
    long recordOffset = in.readLong();
    long watermark = in.readLong();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    List<FileScanTask> tasks;
    try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        // the user-code class loader holds the connector's classes when it runs from a job jar
        try {
          return Class.forName(desc.getName(), false, DatashardSplitSerializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }) {
      tasks = (List<FileScanTask>) objects.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot read the file scan tasks of split " + snapshotId + "-" + ordinal + ": " + e.getMessage(), e);
    }
    return new DatashardSourceSplit(snapshotId, sequenceNumber, ordinal, tasks, fileOffset, recordOffset, watermark);
  }
}
