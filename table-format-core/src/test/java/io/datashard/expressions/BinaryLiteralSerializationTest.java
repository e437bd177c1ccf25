package io.datashard.expressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Predicates with binary literals (held as ByteBuffers) travel to executors with scan filters and residuals. */
class BinaryLiteralSerializationTest {
  private static final Types.StructType STRUCT = Types.StructType.of(
      Types.NestedField.optional(1, "bin", Types.BinaryType.get()),
      Types.NestedField.optional(2, "id", Types.LongType.get()));

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void unboundAndBoundPredicatesWithBinaryLiteralsSerialize() throws Exception {
    Expression unbound = Expressions.and(
        Expressions.in("bin", ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})),
        Expressions.greaterThan("id", 5L));
    Expression copy = roundTrip(unbound);
    assertThat(copy.toString()).isEqualTo(unbound.toString());

    Expression bound = Binder.bind(STRUCT, Expressions.equal("bin", ByteBuffer.wrap(new byte[] {1, 2})), true);
    Expression boundCopy = roundTrip(bound);
    assertThat(boundCopy.toString()).isEqualTo(bound.toString());
    io.datashard.data.GenericRecord row = io.datashard.data.GenericRecord.create(STRUCT);
    row.set(0, ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(new Evaluator(STRUCT, copy, true).eval(row)).isFalse(); // id is null
    assertThat(new Evaluator(STRUCT, Expressions.equal("bin", ByteBuffer.wrap(new byte[] {1, 2})), true).eval(row)).isTrue();
  }
}
