package io.datashard;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builder shared by {@link DataFile} and {@link DeleteFile}. */
public abstract class ContentFileBuilder<B extends ContentFileBuilder<B, F>, F extends ContentFile> {
  FileContent content;
  String location;
  FileFormat format;
  int specId;
  PartitionData partition = PartitionData.empty();
  long recordCount = -1;
  long fileSizeInBytes = -1;
  Map<Integer, Long> columnSizes = Map.of();
  Map<Integer, Long> valueCounts = Map.of();
  Map<Integer, Long> nullValueCounts = Map.of();
  Map<Integer, Long> nanValueCounts = Map.of();
  Map<Integer, ByteBuffer> lowerBounds = Map.of();
  Map<Integer, ByteBuffer> upperBounds = Map.of();
  ByteBuffer keyMetadata;
  List<Long> splitOffsets;
  List<Integer> equalityFieldIds = List.of();
  Integer sortOrderId;
  Long firstRowId;
  String referencedDataFile;
  Long contentOffset;
  Long contentSizeInBytes;
  Long dataSequenceNumber;
  Long fileSequenceNumber;

  ContentFileBuilder(FileContent content) {
    this.content = content;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Sets the spec id; the partition tuple must match the spec's partition type. */
  public B withSpec(PartitionSpec spec) {
    this.specId = spec.specId();
    return self();
  }

  public B withSpecId(int id) {
    this.specId = id;
    return self();
  }

  public B withLocation(String path) {
    this.location = Objects.requireNonNull(path, "path is null");
    return self();
  }

  public B withFormat(FileFormat fileFormat) {
    this.format = Objects.requireNonNull(fileFormat, "format is null");
    return self();
  }

  public B withPartition(PartitionData partitionData) {
    this.partition = Objects.requireNonNull(partitionData, "partition is null");
    return self();
  }

  public B withRecordCount(long count) {
    this.recordCount = count;
    return self();
  }

  public B withFileSizeInBytes(long size) {
    this.fileSizeInBytes = size;
    return self();
  }

  public B withColumnSizes(Map<Integer, Long> sizes) {
    this.columnSizes = Objects.requireNonNull(sizes, "sizes is null");
    return self();
  }

  public B withValueCounts(Map<Integer, Long> counts) {
    this.valueCounts = Objects.requireNonNull(counts, "counts is null");
    return self();
  }

  public B withNullValueCounts(Map<Integer, Long> counts) {
    this.nullValueCounts = Objects.requireNonNull(counts, "counts is null");
    return self();
  }

  public B withNanValueCounts(Map<Integer, Long> counts) {
    this.nanValueCounts = Objects.requireNonNull(counts, "counts is null");
    return self();
  }

  public B withLowerBounds(Map<Integer, ByteBuffer> bounds) {
    this.lowerBounds = Objects.requireNonNull(bounds, "bounds is null");
    return self();
  }

  public B withUpperBounds(Map<Integer, ByteBuffer> bounds) {
    this.upperBounds = Objects.requireNonNull(bounds, "bounds is null");
    return self();
  }

  public B withKeyMetadata(ByteBuffer metadata) {
    this.keyMetadata = Objects.requireNonNull(metadata, "metadata is null");
    return self();
  }

  public B withSplitOffsets(List<Long> offsets) {
    this.splitOffsets = Objects.requireNonNull(offsets, "offsets is null");
    return self();
  }

  public B withSortOrderId(int id) {
    this.sortOrderId = id;
    return self();
  }

  public B withFirstRowId(long id) {
    this.firstRowId = id;
    return self();
  }

  /** Sequence numbers as read from a manifest; null for unknown. */
  public B withSequenceNumbers(Long dataSequence, Long fileSequence) {
    this.dataSequenceNumber = dataSequence;
    this.fileSequenceNumber = fileSequence;
    return self();
  }

  public abstract F build();
}
