package io.datashard.deletes;

import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.io.FileIO;
import io.datashard.puffin.PuffinReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Loads the deletion vector a {@link DeleteFile} points at, reading only its blob (by content offset
 * and size), not the Puffin footer or other blobs.
 */
public final class DeletionVectorReader {
  private final FileIO io;

  public DeletionVectorReader(FileIO io) {
    this.io = Objects.requireNonNull(io, "io is null");
  }

  /**
   * The positions deleted by {@code deleteFile}.
   *
   * @throws IllegalArgumentException if the delete file is not a deletion vector
   * @throws CorruptMetadataException if the blob is corrupt or its cardinality differs from the
   *     delete file's record count
   */
  public DeletionVector read(DeleteFile deleteFile) {
    Objects.requireNonNull(deleteFile, "deleteFile is null");
    if (deleteFile.format() != FileFormat.PUFFIN) {
      throw new IllegalArgumentException("Cannot read " + deleteFile.location() + " as a deletion vector: its format is "
          + deleteFile.format() + ", not PUFFIN");
    }
    long offset = deleteFile.contentOffset().orElseThrow(() -> missing(deleteFile, "content_offset"));
    long size = deleteFile.contentSizeInBytes().orElseThrow(() -> missing(deleteFile, "content_size_in_bytes"));
    String source = "deletion vector" + deleteFile.referencedDataFile().map(f -> " for " + f).orElse("")
        + " at offset " + offset + " of " + deleteFile.location();
    ByteBuffer blob;
    try (PuffinReader reader = new PuffinReader(io.newInputFile(deleteFile.location(), deleteFile.fileSizeInBytes()), deleteFile.fileSizeInBytes())) {
      blob = reader.readBlob(offset, size);
    }
    DeletionVector vector = DeletionVector.deserialize(blob, source);
    if (vector.cardinality() != deleteFile.recordCount()) {
      throw new CorruptMetadataException("Cannot read " + source + ": it holds " + vector.cardinality()
          + " positions but the delete file's record_count is " + deleteFile.recordCount()
          + "; the manifest entry does not describe this blob");
    }
    return vector;
  }

  private static IllegalArgumentException missing(DeleteFile file, String field) {
    return new IllegalArgumentException("Cannot read deletion vector " + file.location() + ": its manifest entry has no "
        + field + ", which deletion vectors require");
  }
}
