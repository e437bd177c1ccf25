package io.datashard;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A data or delete file as tracked in a manifest: location, format, partition tuple, counts and
 * column statistics. Immutable. Sequence numbers are known only for files read from a manifest
 * (they are inherited from the manifest entry and its snapshot); files about to be committed have
 * none until the commit assigns them.
 */
public abstract sealed class ContentFile implements java.io.Serializable permits DataFile, DeleteFile {
  @java.io.Serial
  private static final long serialVersionUID = 1L;

  private final FileContent content;
  private final String location;
  private final FileFormat format;
  private final int specId;
  private final PartitionData partition;
  private final long recordCount;
  private final long fileSizeInBytes;
  private final Map<Integer, Long> columnSizes;
  private final Map<Integer, Long> valueCounts;
  private final Map<Integer, Long> nullValueCounts;
  private final Map<Integer, Long> nanValueCounts;
  private final Map<Integer, ByteBuffer> lowerBounds;
  private final Map<Integer, ByteBuffer> upperBounds;
  private final ByteBuffer keyMetadata;
  private final List<Long> splitOffsets;
  private final List<Integer> equalityFieldIds;
  private final Integer sortOrderId;
  private final Long firstRowId;
  private final String referencedDataFile;
  private final Long contentOffset;
  private final Long contentSizeInBytes;
  private final Long dataSequenceNumber;
  private final Long fileSequenceNumber;

  ContentFile(ContentFileBuilder<?, ?> b) {
    this.content = Objects.requireNonNull(b.content, "content is null");
    this.location = requireSet(b.location, "location");
    this.format = requireSet(b.format, "format");
    this.specId = b.specId;
    this.partition = Objects.requireNonNull(b.partition, "partition is null");
    if (b.recordCount < 0) {
      throw new IllegalArgumentException("Record count of " + b.location + " is not set or negative: " + b.recordCount);
    }
    if (b.fileSizeInBytes < 0) {
      throw new IllegalArgumentException("File size of " + b.location + " is not set or negative: " + b.fileSizeInBytes);
    }
    this.recordCount = b.recordCount;
    this.fileSizeInBytes = b.fileSizeInBytes;
    this.columnSizes = Map.copyOf(b.columnSizes);
    this.valueCounts = Map.copyOf(b.valueCounts);
    this.nullValueCounts = Map.copyOf(b.nullValueCounts);
    this.nanValueCounts = Map.copyOf(b.nanValueCounts);
    this.lowerBounds = copyBuffers(b.lowerBounds);
    this.upperBounds = copyBuffers(b.upperBounds);
    this.keyMetadata = b.keyMetadata == null ? null : b.keyMetadata.asReadOnlyBuffer();
    this.splitOffsets = b.splitOffsets == null ? null : List.copyOf(b.splitOffsets);
    this.equalityFieldIds = List.copyOf(b.equalityFieldIds);
    this.sortOrderId = b.sortOrderId;
    this.firstRowId = b.firstRowId;
    this.referencedDataFile = b.referencedDataFile;
    this.contentOffset = b.contentOffset;
    this.contentSizeInBytes = b.contentSizeInBytes;
    this.dataSequenceNumber = b.dataSequenceNumber;
    this.fileSequenceNumber = b.fileSequenceNumber;
  }

  private static <T> T requireSet(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("Cannot build a content file: " + name + " is not set");
    }
    return value;
  }

  private static Map<Integer, ByteBuffer> copyBuffers(Map<Integer, ByteBuffer> buffers) {
    if (buffers.isEmpty()) {
      return Map.of();
    }
    java.util.HashMap<Integer, ByteBuffer> copy = new java.util.HashMap<>(buffers.size() * 2);
    buffers.forEach((id, buffer) -> copy.put(id, buffer.asReadOnlyBuffer()));
    return java.util.Collections.unmodifiableMap(copy);
  }

  public FileContent content() {
    return content;
  }

  /** Full URI or path of the file (the spec's {@code file_path}). */
  public String location() {
    return location;
  }

  public FileFormat format() {
    return format;
  }

  /** Id of the partition spec the file was written with. */
  public int specId() {
    return specId;
  }

  public PartitionData partition() {
    return partition;
  }

  public long recordCount() {
    return recordCount;
  }

  public long fileSizeInBytes() {
    return fileSizeInBytes;
  }

  public Map<Integer, Long> columnSizes() {
    return columnSizes;
  }

  public Map<Integer, Long> valueCounts() {
    return valueCounts;
  }

  public Map<Integer, Long> nullValueCounts() {
    return nullValueCounts;
  }

  public Map<Integer, Long> nanValueCounts() {
    return nanValueCounts;
  }

  /** Lower bounds by field id in the spec's single-value binary serialization. */
  public Map<Integer, ByteBuffer> lowerBounds() {
    return lowerBounds;
  }

  public Map<Integer, ByteBuffer> upperBounds() {
    return upperBounds;
  }

  public Optional<ByteBuffer> keyMetadata() {
    return Optional.ofNullable(keyMetadata).map(ByteBuffer::asReadOnlyBuffer);
  }

  /** Offsets at which the file can be split (row groups), if the writer recorded them. */
  public Optional<List<Long>> splitOffsets() {
    return Optional.ofNullable(splitOffsets);
  }

  public List<Integer> equalityFieldIds() {
    return equalityFieldIds;
  }

  public Optional<Integer> sortOrderId() {
    return Optional.ofNullable(sortOrderId);
  }

  /** v3: id of the first row in the file, for row lineage. */
  public Optional<Long> firstRowId() {
    return Optional.ofNullable(firstRowId);
  }

  /** For position deletes and deletion vectors: the one data file they apply to, if known. */
  public Optional<String> referencedDataFile() {
    return Optional.ofNullable(referencedDataFile);
  }

  /** For deletion vectors: offset of the blob in the Puffin file. */
  public Optional<Long> contentOffset() {
    return Optional.ofNullable(contentOffset);
  }

  public Optional<Long> contentSizeInBytes() {
    return Optional.ofNullable(contentSizeInBytes);
  }

  /** Data sequence number, known for files read from a manifest. */
  public Optional<Long> dataSequenceNumber() {
    return Optional.ofNullable(dataSequenceNumber);
  }

  /** File sequence number, known for files read from a manifest. */
  public Optional<Long> fileSequenceNumber() {
    return Optional.ofNullable(fileSequenceNumber);
  }

  /** A copy carrying the given sequence numbers (null for unknown). */
  public abstract ContentFile withSequenceNumbers(Long dataSequenceNumber, Long fileSequenceNumber);

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ContentFile that = (ContentFile) o;
    return content == that.content
        && specId == that.specId
        && recordCount == that.recordCount
        && fileSizeInBytes == that.fileSizeInBytes
        && location.equals(that.location)
        && format == that.format
        && partition.equals(that.partition)
        && columnSizes.equals(that.columnSizes)
        && valueCounts.equals(that.valueCounts)
        && nullValueCounts.equals(that.nullValueCounts)
        && nanValueCounts.equals(that.nanValueCounts)
        && lowerBounds.equals(that.lowerBounds)
        && upperBounds.equals(that.upperBounds)
        && Objects.equals(keyMetadata, that.keyMetadata)
        && Objects.equals(splitOffsets, that.splitOffsets)
        && equalityFieldIds.equals(that.equalityFieldIds)
        && Objects.equals(sortOrderId, that.sortOrderId)
        && Objects.equals(firstRowId, that.firstRowId)
        && Objects.equals(referencedDataFile, that.referencedDataFile)
        && Objects.equals(contentOffset, that.contentOffset)
        && Objects.equals(contentSizeInBytes, that.contentSizeInBytes)
        && Objects.equals(dataSequenceNumber, that.dataSequenceNumber)
        && Objects.equals(fileSequenceNumber, that.fileSequenceNumber);
  }

  @Override
  public int hashCode() {
    return Objects.hash(content, location, specId, partition, recordCount, fileSizeInBytes);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + content + " " + location + ", format=" + format
        + ", spec=" + specId + ", partition=" + partition + ", records=" + recordCount
        + ", bytes=" + fileSizeInBytes
        + (dataSequenceNumber == null ? "" : ", dataSeq=" + dataSequenceNumber) + "}";
  }

  /** Fills a builder with this file's fields, for copies. */
  /** Serializes through {@link SerializedContentFile}: byte buffers are not serializable. */
  @java.io.Serial
  final Object writeReplace() {
    return new SerializedContentFile(this);
  }

  <B extends ContentFileBuilder<B, ?>> B copyInto(B builder) {
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
    builder.lowerBounds = lowerBounds;
    builder.upperBounds = upperBounds;
    builder.keyMetadata = keyMetadata;
    builder.splitOffsets = splitOffsets;
    builder.equalityFieldIds = equalityFieldIds;
    builder.sortOrderId = sortOrderId;
    builder.firstRowId = firstRowId;
    builder.referencedDataFile = referencedDataFile;
    builder.contentOffset = contentOffset;
    builder.contentSizeInBytes = contentSizeInBytes;
    builder.dataSequenceNumber = dataSequenceNumber;
    builder.fileSequenceNumber = fileSequenceNumber;
    return builder;
  }
}
