package io.datashard.data.parquet;

import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * The values of one top-level primitive column of a flat schema, written straight into the row
 * group's {@link ColumnWriter}: repetition level 0, and the column's maximum definition level for a
 * value (0 for a null). It is a {@link RecordConsumer} so the value writers of {@link
 * RecordWriteSupport} write through it unchanged; it has no fields nor groups.
 */
final class ColumnValues extends RecordConsumer {
  private final ColumnWriter writer;
  private final int definitionLevel;

  ColumnValues(ColumnWriter writer, int definitionLevel) {
    this.writer = writer;
    this.definitionLevel = definitionLevel;
  }

  /** Writes a null; only optional columns (definition level 1) have nulls. */
  void writeNull() {
    writer.writeNull(0, definitionLevel - 1);
  }

  @Override
  public void addInteger(int value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void addLong(long value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void addBoolean(boolean value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void addBinary(Binary value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void addFloat(float value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void addDouble(double value) {
    writer.write(value, 0, definitionLevel);
  }

  @Override
  public void startMessage() {
    throw noStructure();
  }

  @Override
  public void endMessage() {
    throw noStructure();
  }

  @Override
  public void startField(String field, int index) {
    throw noStructure();
  }

  @Override
  public void endField(String field, int index) {
    throw noStructure();
  }

  @Override
  public void startGroup() {
    throw noStructure();
  }

  @Override
  public void endGroup() {
    throw noStructure();
  }

  private static IllegalStateException noStructure() {
    return new IllegalStateException("A flat Parquet column has no fields nor groups: nested values go through the record consumer");
  }
}
