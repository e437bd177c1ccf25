package io.datashard.spark.metadata;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.spark.SnapshotSelection;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a metadata table in one task: the executor reloads the table from its location and
 * streams the rows, so the driver never holds a large {@code files} listing.
 */
final class MetadataScan implements ScanBuilder, Scan, Batch {
  private final MetadataPartition partition;
  private final StructType schema;

  MetadataScan(String location, FileIO io, MetadataTableType type, SnapshotSelection selection, StructType schema) {
    this.partition = new MetadataPartition(location, io, type, selection);
    this.schema = schema;
  }

  @Override
  public Scan build() {
    return this;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return "datashard metadata table " + partition.type.tableName() + " of " + partition.location + " (" + partition.selection + ")";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return new InputPartition[] {partition};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new ReaderFactory();
  }

  record MetadataPartition(String location, FileIO io, MetadataTableType type, SnapshotSelection selection)
      implements InputPartition, Serializable {
  }

  private static final class ReaderFactory implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition input) {
      MetadataPartition split = (MetadataPartition) input;
      Table table = new PathTables(split.io()).load(split.location());
      CloseableIterable<InternalRow> rows = MetadataRows.rows(split.type(), table, split.selection(), PartitionColumns.of(table));
      CloseableIterator<InternalRow> iterator = rows.iterator();
      return new PartitionReader<>() {
        private InternalRow current;

        @Override
        public boolean next() {
          if (iterator.hasNext()) {
            current = iterator.next();
            return true;
          }
          return false;
        }

        @Override
        public InternalRow get() {
          return current;
        }

        @Override
        public void close() {
          iterator.close();
        }
      };
    }
  }
}
