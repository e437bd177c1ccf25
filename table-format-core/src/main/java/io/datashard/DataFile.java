package io.datashard;

/** A data file: rows of the table. */
public final class DataFile extends ContentFile {
  private DataFile(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with the spec's id. */
  public static Builder builder(PartitionSpec spec) {
    return new Builder().withSpec(spec);
  }

  /** A builder with every field of this file, to change some. */
  public Builder toBuilder() {
    return copyInto(new Builder());
  }

  @Override
  public DataFile withSequenceNumbers(Long dataSequenceNumber, Long fileSequenceNumber) {
    return toBuilder().withSequenceNumbers(dataSequenceNumber, fileSequenceNumber).build();
  }

  /** Builds {@link DataFile}s. */
  public static final class Builder extends ContentFileBuilder<Builder, DataFile> {
    private Builder() {
      super(FileContent.DATA);
    }

    @Override
    public DataFile build() {
      return new DataFile(this);
    }
  }
}
