package io.datashard.data.parquet;

import io.datashard.data.ProjectionContractTest;
import io.datashard.data.Record;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.List;

class ParquetProjectionTest extends ProjectionContractTest {
  @Override
  protected String extension() {
    return "parquet";
  }

  @Override
  protected void write(FileIO io, String location, Schema schema, List<Record> records) {
    try (ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(location)).schema(schema).build()) {
      records.forEach(writer::write);
    }
  }

  @Override
  protected List<Record> read(FileIO io, String location, Schema projection) {
    return ParquetRoundTripTest.read(io, location, projection);
  }
}
