package io.datashard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PartitionDataTest {

  @Test
  void valuesByPosition() {
    PartitionData data = PartitionData.of(1, "a", null, new BigDecimal("1.50"));
    assertThat(data.size()).isEqualTo(4);
    assertThat(data.get(0, Integer.class)).isEqualTo(1);
    assertThat(data.get(1, String.class)).isEqualTo("a");
    assertThat(data.get(2, Object.class)).isNull();
    assertThat(data.get(3, BigDecimal.class)).isEqualTo(new BigDecimal("1.50"));
    assertThatThrownBy(() -> data.get(1, Integer.class)).isInstanceOf(ClassCastException.class);
    assertThat(data.values()).containsExactly(1, "a", null, new BigDecimal("1.50"));
  }

  @Test
  void isImmutable() {
    Object[] values = {1, 2};
    PartitionData data = PartitionData.of(values);
    values[0] = 99;
    data.values()[1] = 99;
    assertThat(data).isEqualTo(PartitionData.of(1, 2));

    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
    PartitionData binary = PartitionData.of(buffer);
    buffer.put(0, (byte) 9);
    binary.get(0, ByteBuffer.class).position(2);
    assertThat(binary.get(0, ByteBuffer.class)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void equalityComparesBinaryContent() {
    PartitionData a = PartitionData.of(ByteBuffer.wrap(new byte[] {1, 2}), 3L);
    PartitionData b = PartitionData.of(ByteBuffer.wrap(new byte[] {1, 2}), 3L);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(PartitionData.of(ByteBuffer.wrap(new byte[] {1, 3}), 3L));
    assertThat(a).isNotEqualTo(PartitionData.of(ByteBuffer.wrap(new byte[] {1, 2}), 3));
    assertThat(a).hasToString("PartitionData{0x0102, 3}");
    assertThat(PartitionData.empty().size()).isZero();
    assertThat(PartitionData.of()).isEqualTo(PartitionData.empty());
  }

  @Test
  void serializable() throws Exception {
    PartitionData data = PartitionData.of(1, "a", null, ByteBuffer.wrap(new byte[] {7}));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(data);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(data);
    }
  }
}
