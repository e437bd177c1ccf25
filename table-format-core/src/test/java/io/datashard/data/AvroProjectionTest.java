package io.datashard.data;

import io.datashard.data.avro.AvroDataWriter;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.List;

class AvroProjectionTest extends ProjectionContractTest {
  @Override
  protected String extension() {
    return "avro";
  }

  @Override
  protected void write(FileIO io, String location, Schema schema, List<Record> records) {
    try (AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(location)).schema(schema).build()) {
      records.forEach(writer::write);
    }
  }

  @Override
  protected List<Record> read(FileIO io, String location, Schema projection) {
    return AvroRoundTripTest.read(io, location, projection);
  }
}
