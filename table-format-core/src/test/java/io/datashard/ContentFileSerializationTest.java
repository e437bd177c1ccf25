package io.datashard;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.expressions.Expressions;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content files and scan tasks travel to Spark executors and Flink task managers by Java serialization. */
class ContentFileSerializationTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).bucket("id", 4).build();

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static DataFile dataFile() {
    ByteBuffer lower = ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8));
    // a buffer whose position is not zero must travel as its remaining bytes only
    ByteBuffer upper = ByteBuffer.wrap("xxyz".getBytes(StandardCharsets.UTF_8));
    upper.position(1);
    return DataFile.builder(SPEC)
        .withLocation("file:/t/data/a.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(3))
        .withRecordCount(10)
        .withFileSizeInBytes(1234)
        .withColumnSizes(Map.of(1, 100L))
        .withValueCounts(Map.of(1, 10L, 2, 10L))
        .withNullValueCounts(Map.of(2, 1L))
        .withLowerBounds(Map.of(2, lower))
        .withUpperBounds(Map.of(2, upper))
        .withSplitOffsets(List.of(4L, 600L))
        .withSortOrderId(0)
        .withSequenceNumbers(5L, 6L)
        .build();
  }

  @Test
  void dataFileSurvivesSerialization() throws Exception {
    DataFile file = dataFile();
    DataFile copy = roundTrip(file);
    assertThat(copy).isEqualTo(file);
    assertThat(copy.upperBounds().get(2)).isEqualTo(ByteBuffer.wrap("xyz".getBytes(StandardCharsets.UTF_8)));
    assertThat(copy.splitOffsets()).contains(List.of(4L, 600L));
    assertThat(copy.dataSequenceNumber()).contains(5L);
    assertThat(copy.fileSequenceNumber()).contains(6L);
  }

  @Test
  void deleteFilesAndTasksSurviveSerialization() throws Exception {
    DeleteFile dv = DeleteFile.builder(SPEC).ofPositionDeletes()
        .withLocation("file:/t/data/d.puffin").withFormat(FileFormat.PUFFIN)
        .withPartition(PartitionData.of(3)).withRecordCount(2).withFileSizeInBytes(99)
        .withReferencedDataFile("file:/t/data/a.parquet").withContentOffset(4).withContentSizeInBytes(40)
        .build();
    DeleteFile eq = DeleteFile.builder(SPEC).ofEqualityDeletes(List.of(1))
        .withLocation("file:/t/data/e.parquet").withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(3)).withRecordCount(1).withFileSizeInBytes(50)
        .build();
    FileScanTask task = new FileScanTask(dataFile(), List.of(dv, eq), SPEC, Expressions.equal("name", "x"), 4, 596);
    CombinedScanTask combined = roundTrip(new CombinedScanTask(List.of(task)));
    FileScanTask copy = combined.files().get(0);
    assertThat(copy.file()).isEqualTo(task.file());
    assertThat(copy.deletes()).containsExactly(dv, eq);
    assertThat(copy.deletes().get(0)).isInstanceOf(DeleteFile.class);
    assertThat(copy.deletes().get(0).isDeletionVector()).isTrue();
    assertThat(copy.deletes().get(1).equalityFieldIds()).containsExactly(1);
    assertThat(copy.spec()).isEqualTo(SPEC);
    assertThat(copy.start()).isEqualTo(4);
    assertThat(copy.length()).isEqualTo(596);
    assertThat(copy.residual().toString()).isEqualTo(task.residual().toString());
  }
}
