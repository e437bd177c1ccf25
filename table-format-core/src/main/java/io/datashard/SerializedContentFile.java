package io.datashard;

import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Java-serialization form of a {@link ContentFile}. Content files travel to Spark executors and
 * Flink task managers inside scan tasks and committables; {@link ByteBuffer} is not serializable,
 * so bounds and key metadata travel as byte arrays and the file is rebuilt through its builder.
 */
final class SerializedContentFile implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private final boolean delete;
  private final FileContent content;
  private final String location;
  private final FileFormat format;
  private final int specId;
  private final PartitionData partition;
  private final long recordCount;
  private final long fileSizeInBytes;
  private final HashMap<Integer, Long> columnSizes;
  private final HashMap<Integer, Long> valueCounts;
  private final HashMap<Integer, Long> nullValueCounts;
  private final HashMap<Integer, Long> nanValueCounts;
  private final HashMap<Integer, byte[]> lowerBounds;
  private final HashMap<Integer, byte[]> upperBounds;
  private final byte[] keyMetadata;
  private final Long[] splitOffsets;
  private final Integer[] equalityFieldIds;
  private final Integer sortOrderId;
  private final Long firstRowId;
  private final String referencedDataFile;
  private final Long contentOffset;
  private final Long contentSizeInBytes;
  private final Long dataSequenceNumber;
  private final Long fileSequenceNumber;

  SerializedContentFile(ContentFile file) {
    this.delete = file instanceof DeleteFile;
    this.content = file.content();
    this.location = file.location();
    this.format = file.format();
    this.specId = file.specId();
    this.partition = file.partition();
    this.recordCount = file.recordCount();
    this.fileSizeInBytes = file.fileSizeInBytes();
    this.columnSizes = new HashMap<>(file.columnSizes());
    this.valueCounts = new HashMap<>(file.valueCounts());
    this.nullValueCounts = new HashMap<>(file.nullValueCounts());
    this.nanValueCounts = new HashMap<>(file.nanValueCounts());
    this.lowerBounds = toBytes(file.lowerBounds());
    this.upperBounds = toBytes(file.upperBounds());
    this.keyMetadata = file.keyMetadata().map(SerializedContentFile::toBytes).orElse(null);
    this.splitOffsets = file.splitOffsets().map(offsets -> offsets.toArray(new Long[0])).orElse(null);
    this.equalityFieldIds = file.equalityFieldIds().toArray(new Integer[0]);
    this.sortOrderId = file.sortOrderId().orElse(null);
    this.firstRowId = file.firstRowId().orElse(null);
    this.referencedDataFile = file.referencedDataFile().orElse(null);
    this.contentOffset = file.contentOffset().orElse(null);
    this.contentSizeInBytes = file.contentSizeInBytes().orElse(null);
    this.dataSequenceNumber = file.dataSequenceNumber().orElse(null);
    this.fileSequenceNumber = file.fileSequenceNumber().orElse(null);
  }

  private static HashMap<Integer, byte[]> toBytes(Map<Integer, ByteBuffer> buffers) {
    HashMap<Integer, byte[]> bytes = new HashMap<>(Math.max(4, buffers.size() * 2));
    buffers.forEach((id, buffer) -> bytes.put(id, toBytes(buffer)));
    return bytes;
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static Map<Integer, ByteBuffer> toBuffers(Map<Integer, byte[]> bytes) {
    Map<Integer, ByteBuffer> buffers = new HashMap<>(Math.max(4, bytes.size() * 2));
    bytes.forEach((id, value) -> buffers.put(id, ByteBuffer.wrap(value)));
    return buffers;
  }

  @Serial
  private Object readResolve() {
    ContentFileBuilder<?, ?> builder = delete ? DeleteFile.builder() : DataFile.builder();
    builder.content = content;
    builder.location = location;
    builder.format = format;
    builder.specId = specId;
    builder.partition = partition;
    builder.recordCount = recordCount;
    builder.fileSizeInBytes = fileSizeInBytes;
    builder.columnSizes = columnSizes;
    builder.valueCounts = valueCounts;
    builder.nullValueCounts = nullValueCounts;
    builder.nanValueCounts = nanValueCounts;
    builder.lowerBounds = toBuffers(lowerBounds);
    builder.upperBounds = toBuffers(upperBounds);
    builder.keyMetadata = keyMetadata == null ? null : ByteBuffer.wrap(keyMetadata);
    builder.splitOffsets = splitOffsets == null ? null : List.of(splitOffsets);
    builder.equalityFieldIds = List.of(equalityFieldIds);
    builder.sortOrderId = sortOrderId;
    builder.firstRowId = firstRowId;
    builder.referencedDataFile = referencedDataFile;
    builder.contentOffset = contentOffset;
    builder.contentSizeInBytes = contentSizeInBytes;
    builder.dataSequenceNumber = dataSequenceNumber;
    builder.fileSequenceNumber = fileSequenceNumber;
    return builder.build();
  }
}
