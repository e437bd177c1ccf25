package io.datashard.data.parquet;

import io.datashard.data.RawStructLike;
import io.datashard.data.Record;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record seen as a {@link RawStructLike}, as an engine's row adapter would present it: strings
 * as UTF-8 bytes in the middle of a larger array (or in a direct buffer), nested structs raw too.
 */
final class RawRecord implements RawStructLike {
  private final Types.StructType struct;
  private final Record record;
  private final boolean direct;

  RawRecord(Types.StructType struct, Record record, boolean direct) {
    this.struct = struct;
    this.record = record;
    this.direct = direct;
  }

  @Override
  public int size() {
    return record.size();
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    Object value = record.get(pos);
    if (value instanceof Record nested) {
      Type type = struct.fields().get(pos).type();
      return javaClass.cast(new RawRecord(type.asStructType(), nested, direct));
    }
    return javaClass.cast(value);
  }

  @Override
  public boolean isNull(int pos) {
    return record.get(pos) == null;
  }

  @Override
  public boolean getBoolean(int pos) {
    return (Boolean) record.get(pos);
  }

  @Override
  public int getInt(int pos) {
    return (Integer) record.get(pos);
  }

  @Override
  public long getLong(int pos) {
    return (Long) record.get(pos);
  }

  @Override
  public float getFloat(int pos) {
    return (Float) record.get(pos);
  }

  @Override
  public double getDouble(int pos) {
    return (Double) record.get(pos);
  }

  @Override
  public ByteBuffer getUtf8(int pos) {
    byte[] utf8 = ((String) record.get(pos)).getBytes(StandardCharsets.UTF_8);
    if (direct) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(utf8.length + 3);
      buffer.put(new byte[] {1, 2}).put(utf8).put((byte) 9).flip();
      return buffer.position(2).limit(2 + utf8.length);
    }
    byte[] padded = new byte[utf8.length + 5];
    Arrays.fill(padded, (byte) 0x7f);
    System.arraycopy(utf8, 0, padded, 3, utf8.length);
    // a slice, so the buffer's array offset is not zero either
    return ByteBuffer.wrap(padded, 1, utf8.length + 3).slice().position(2).limit(2 + utf8.length);
  }
}
