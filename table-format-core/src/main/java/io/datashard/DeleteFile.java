package io.datashard;

import java.util.List;
import java.util.Objects;

/**
 * A delete file: position deletes (including v3 deletion vectors, which are position deletes
 * stored as a Puffin blob) or equality deletes.
 */
public final class DeleteFile extends ContentFile {
  private DeleteFile(Builder builder) {
    super(builder);
    if (content() == FileContent.EQUALITY_DELETES && equalityFieldIds().isEmpty()) {
      throw new IllegalArgumentException("Equality delete file " + location() + " has no equality field ids: set them with ofEqualityDeletes(ids)");
    }
    if (content() == FileContent.DATA) {
      throw new IllegalArgumentException("A delete file cannot have DATA content: " + location());
    }
  }

  public static Builder builder(PartitionSpec spec) {
    return new Builder().withSpec(spec);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return copyInto(new Builder());
  }

  /** True for a v3 deletion vector (a position delete blob in a Puffin file). */
  public boolean isDeletionVector() {
    return format() == FileFormat.PUFFIN;
  }

  @Override
  public DeleteFile withSequenceNumbers(Long dataSequenceNumber, Long fileSequenceNumber) {
    return toBuilder().withSequenceNumbers(dataSequenceNumber, fileSequenceNumber).build();
  }

  /** Builds {@link DeleteFile}s; position deletes unless told otherwise. */
  public static final class Builder extends ContentFileBuilder<Builder, DeleteFile> {
    private Builder() {
      super(FileContent.POSITION_DELETES);
    }

    public Builder ofPositionDeletes() {
      this.content = FileContent.POSITION_DELETES;
      this.equalityFieldIds = List.of();
      return this;
    }

    public Builder ofEqualityDeletes(List<Integer> fieldIds) {
      this.content = FileContent.EQUALITY_DELETES;
      this.equalityFieldIds = List.copyOf(fieldIds);
      return this;
    }

    public Builder withEqualityFieldIds(List<Integer> fieldIds) {
      this.equalityFieldIds = List.copyOf(fieldIds);
      return this;
    }

    public Builder withContent(FileContent fileContent) {
      this.content = Objects.requireNonNull(fileContent, "content is null");
      return this;
    }

    public Builder withReferencedDataFile(String dataFileLocation) {
      this.referencedDataFile = Objects.requireNonNull(dataFileLocation, "dataFileLocation is null");
      return this;
    }

    public Builder withContentOffset(long offset) {
      this.contentOffset = offset;
      return this;
    }

    public Builder withContentSizeInBytes(long size) {
      this.contentSizeInBytes = size;
      return this;
    }

    @Override
    public DeleteFile build() {
      return new DeleteFile(this);
    }
  }
}
