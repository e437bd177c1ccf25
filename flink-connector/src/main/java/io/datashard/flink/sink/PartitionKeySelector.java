package io.datashard.flink.sink;

import io.datashard.PartitionSpec;
import io.datashard.data.PartitionKey;
import io.datashard.flink.data.RowDataStruct;
import io.datashard.types.Schema;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** Keys rows by their partition path, so {@code write.distribution-mode=hash} sends a partition to one writer. */
public final class PartitionKeySelector implements KeySelector<RowData, String> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final PartitionSpec spec;
  private final RowType rowType;
  private transient RowDataStruct struct;
  private transient PartitionKey partitionKey;

  public PartitionKeySelector(Schema schema, PartitionSpec spec, RowType rowType) {
    this.schema = schema;
    this.spec = spec;
    this.rowType = rowType;
  }

  @Override
  public String getKey(RowData row) {
    if (struct == null) {
      struct = RowDataStruct.of(schema.asStruct(), rowType);
      partitionKey = new PartitionKey(spec, schema);
    }
    return spec.partitionToPath(partitionKey.partition(struct.wrap(row)));
  }
}
