package io.datashard.deletes;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.OutputFile;
import io.datashard.types.Schema;
import java.util.Map;

/**
 * The file under a position or equality delete writer: rows written with the data writer of the
 * chosen format, whose metrics then describe the delete file.
 */
final class DeleteRowsFile implements AutoCloseable {
  private final ParquetDataWriter parquet;
  private final AvroDataWriter avro;

  DeleteRowsFile(OutputFile file, FileFormat format, Schema schema, PartitionSpec spec, PartitionData partition,
      Map<String, String> properties) {
    if (format == FileFormat.PARQUET) {
      this.parquet = ParquetDataWriter.builder(file).schema(schema).spec(spec).partition(partition)
          .properties(properties).build();
      this.avro = null;
    } else if (format == FileFormat.AVRO) {
      this.parquet = null;
      this.avro = AvroDataWriter.builder(file).schema(schema).spec(spec).partition(partition)
          .properties(properties).build();
    } else {
      throw new ValidationException("Cannot write delete file " + file.location() + " as " + format
          + ": Datashard writes delete files as Parquet or Avro (deletion vectors with DeletionVectorWriter)");
    }
  }

  void write(StructLike row) {
    if (parquet != null) {
      parquet.write(row);
    } else {
      avro.write(row);
    }
  }

  /** Bytes written so far (buffered rows included as far as the format can tell), to roll files. */
  long length() {
    return parquet != null ? parquet.length() : avro.length();
  }

  @Override
  public void close() {
    if (parquet != null) {
      parquet.close();
    } else {
      avro.close();
    }
  }

  /** A delete file builder with the written file's location, size, counts and metrics. */
  DeleteFile.Builder describe() {
    DataFile written = parquet != null ? parquet.toDataFile() : avro.toDataFile();
    DeleteFile.Builder builder = DeleteFile.builder()
        .withSpecId(written.specId())
        .withPartition(written.partition())
        .withLocation(written.location())
        .withFormat(written.format())
        .withRecordCount(written.recordCount())
        .withFileSizeInBytes(written.fileSizeInBytes())
        .withColumnSizes(written.columnSizes())
        .withValueCounts(written.valueCounts())
        .withNullValueCounts(written.nullValueCounts())
        .withNanValueCounts(written.nanValueCounts())
        .withLowerBounds(written.lowerBounds())
        .withUpperBounds(written.upperBounds());
    written.splitOffsets().ifPresent(builder::withSplitOffsets);
    return builder;
  }
}
