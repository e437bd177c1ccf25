package io.datashard.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Types.NestedField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypesTest {

  static Stream<Arguments> primitives() {
    return Stream.of(
        Arguments.of(Types.BooleanType.get(), "boolean", Type.TypeID.BOOLEAN),
        Arguments.of(Types.IntegerType.get(), "int", Type.TypeID.INTEGER),
        Arguments.of(Types.LongType.get(), "long", Type.TypeID.LONG),
        Arguments.of(Types.FloatType.get(), "float", Type.TypeID.FLOAT),
        Arguments.of(Types.DoubleType.get(), "double", Type.TypeID.DOUBLE),
        Arguments.of(Types.DateType.get(), "date", Type.TypeID.DATE),
        Arguments.of(Types.TimeType.get(), "time", Type.TypeID.TIME),
        Arguments.of(Types.TimestampType.withoutZone(), "timestamp", Type.TypeID.TIMESTAMP),
        Arguments.of(Types.TimestampType.withZone(), "timestamptz", Type.TypeID.TIMESTAMP),
        Arguments.of(Types.TimestampNanoType.withoutZone(), "timestamp_ns", Type.TypeID.TIMESTAMP_NANO),
        Arguments.of(Types.TimestampNanoType.withZone(), "timestamptz_ns", Type.TypeID.TIMESTAMP_NANO),
        Arguments.of(Types.StringType.get(), "string", Type.TypeID.STRING),
        Arguments.of(Types.UUIDType.get(), "uuid", Type.TypeID.UUID),
        Arguments.of(Types.FixedType.ofLength(16), "fixed[16]", Type.TypeID.FIXED),
        Arguments.of(Types.BinaryType.get(), "binary", Type.TypeID.BINARY),
        Arguments.of(Types.DecimalType.of(9, 2), "decimal(9,2)", Type.TypeID.DECIMAL),
        Arguments.of(Types.UnknownType.get(), "unknown", Type.TypeID.UNKNOWN));
  }

  @ParameterizedTest
  @MethodSource("primitives")
  void primitiveStringRoundTrip(Type.PrimitiveType type, String name, Type.TypeID typeId) {
    assertThat(type.toString()).isEqualTo(name);
    assertThat(type.typeId()).isEqualTo(typeId);
    assertThat(Types.fromPrimitiveString(name)).isEqualTo(type);
    assertThat(Types.fromPrimitiveString(" " + name.toUpperCase() + " ")).isEqualTo(type);
    assertThat(Types.fromTypeName(name)).isEqualTo(type);
    assertThat(type.isPrimitiveType()).isTrue();
    assertThat(type.isNestedType()).isFalse();
    assertThat(type.asPrimitiveType()).isSameAs(type);
  }

  @ParameterizedTest
  @MethodSource("primitives")
  void primitivesSurviveJavaSerialization(Type.PrimitiveType type) throws Exception {
    Object copy = roundTrip(type);
    assertThat(copy).isEqualTo(type).hasSameHashCodeAs(type);
  }

  @Test
  void decimalStringsAllowSpacesAndCase() {
    assertThat(Types.fromPrimitiveString("decimal(9, 2)")).isEqualTo(Types.DecimalType.of(9, 2));
    assertThat(Types.fromPrimitiveString("DECIMAL( 38 ,0 )")).isEqualTo(Types.DecimalType.of(38, 0));
    assertThat(Types.fromPrimitiveString("Fixed[ 3 ]")).isEqualTo(Types.FixedType.ofLength(3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"integer", "decimal(9)", "decimal(39,2)", "fixed[]", "fixed(16)", "struct", "", "list<int>"})
  void rejectsInvalidTypeStrings(String typeString) {
    assertThatThrownBy(() -> Types.fromPrimitiveString(typeString)).isInstanceOf(ValidationException.class);
  }

  @Test
  void variantIsNotPrimitive() {
    assertThat(Types.fromTypeName("variant")).isEqualTo(Types.VariantType.get());
    assertThat(Types.VariantType.get().isPrimitiveType()).isFalse();
    assertThat(Types.VariantType.get().isNestedType()).isFalse();
    assertThat(Types.VariantType.get().isVariantType()).isTrue();
    assertThat(Types.VariantType.get().toString()).isEqualTo("variant");
    assertThatThrownBy(() -> Types.fromPrimitiveString("variant"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("fromTypeName");
  }

  @Test
  void parameterizedTypesCompareByValue() {
    assertThat(Types.DecimalType.of(9, 2)).isEqualTo(Types.DecimalType.of(9, 2)).isNotEqualTo(Types.DecimalType.of(9, 3));
    assertThat(Types.FixedType.ofLength(4)).isEqualTo(Types.FixedType.ofLength(4)).isNotEqualTo(Types.FixedType.ofLength(5));
    assertThat(Types.TimestampType.withZone()).isNotEqualTo(Types.TimestampType.withoutZone());
    assertThat(Types.TimestampType.withZone().shouldAdjustToUTC()).isTrue();
    assertThat(Types.TimestampNanoType.withoutZone().shouldAdjustToUTC()).isFalse();
    assertThat((Object) Types.TimestampType.withZone()).isNotEqualTo(Types.TimestampNanoType.withZone());
    assertThat((Object) Types.IntegerType.get()).isNotEqualTo(Types.LongType.get());
  }

  @Test
  void decimalPrecisionIsLimited() {
    assertThatThrownBy(() -> Types.DecimalType.of(39, 0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("decimal(39,0)");
    assertThatThrownBy(() -> Types.DecimalType.of(0, 0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Types.FixedType.ofLength(-1)).isInstanceOf(ValidationException.class);
  }

  @Test
  void javaClassesFollowTheValueRepresentation() {
    assertThat(Type.TypeID.DATE.javaClass()).isEqualTo(Integer.class);
    assertThat(Type.TypeID.TIMESTAMP_NANO.javaClass()).isEqualTo(Long.class);
    assertThat(Type.TypeID.DECIMAL.javaClass()).isEqualTo(BigDecimal.class);
    assertThat(Type.TypeID.FIXED.javaClass()).isEqualTo(ByteBuffer.class);
    assertThat(Type.TypeID.UUID.javaClass()).isEqualTo(UUID.class);
    assertThat(Type.TypeID.STRING.javaClass()).isEqualTo(String.class);
  }

  @Test
  void structs() {
    Types.StructType struct = Types.StructType.of(
        NestedField.required(1, "id", Types.LongType.get()),
        NestedField.optional(2, "Data", Types.StringType.get(), "payload"));
    assertThat(struct.toString()).isEqualTo("struct<1: id: required long, 2: Data: optional string (payload)>");
    assertThat(struct.field(2).name()).isEqualTo("Data");
    assertThat(struct.field("id").fieldId()).isEqualTo(1);
    assertThat(struct.fieldType("Data")).isEqualTo(Types.StringType.get());
    assertThat(struct.caseInsensitiveField("DATA").fieldId()).isEqualTo(2);
    assertThat(struct.findField(3)).isEmpty();
    assertThat(struct.findField("data")).isEmpty();
    assertThatThrownBy(() -> struct.field(3)).isInstanceOf(ValidationException.class).hasMessageContaining("id 3");
    assertThatThrownBy(() -> struct.field("data")).isInstanceOf(ValidationException.class).hasMessageContaining("'data'");
    assertThat(struct.isStructType()).isTrue();
    assertThat(struct.asNestedType().fields()).hasSize(2);
    assertThat(struct).isEqualTo(Types.StructType.of(List.of(struct.fields().get(0), struct.fields().get(1))));
    assertThatThrownBy(struct::asListType).isInstanceOf(ValidationException.class).hasMessageContaining("not a list");
  }

  @Test
  void structRejectsRepeatedNamesAndAmbiguousCaseInsensitiveLookups() {
    assertThatThrownBy(() -> Types.StructType.of(
            NestedField.optional(1, "a", Types.IntegerType.get()), NestedField.optional(2, "a", Types.IntegerType.get())))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'a'");
    Types.StructType struct = Types.StructType.of(
        NestedField.optional(1, "a", Types.IntegerType.get()), NestedField.optional(2, "A", Types.IntegerType.get()));
    assertThatThrownBy(() -> struct.caseInsensitiveField("a"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("ambiguous");
  }

  @Test
  void listsAndMaps() {
    Types.ListType list = Types.ListType.ofRequired(3, Types.StringType.get());
    assertThat(list.toString()).isEqualTo("list<string>");
    assertThat(list.elementId()).isEqualTo(3);
    assertThat(list.isElementRequired()).isTrue();
    assertThat(list.fields()).containsExactly(NestedField.required(3, "element", Types.StringType.get()));
    assertThat(list.field(3).name()).isEqualTo("element");
    assertThat(list.fieldType("element")).isEqualTo(Types.StringType.get());
    assertThat(list).isEqualTo(Types.ListType.ofRequired(3, Types.StringType.get()))
        .isNotEqualTo(Types.ListType.ofOptional(3, Types.StringType.get()));

    Types.MapType map = Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.DoubleType.get());
    assertThat(map.toString()).isEqualTo("map<string, double>");
    assertThat(map.keyId()).isEqualTo(4);
    assertThat(map.valueId()).isEqualTo(5);
    assertThat(map.isValueOptional()).isTrue();
    assertThat(map.keyField().isRequired()).isTrue();
    assertThat(map.field(5).name()).isEqualTo("value");
    assertThat(map.fieldType("key")).isEqualTo(Types.StringType.get());
    assertThat(map.fields()).extracting(NestedField::fieldId).containsExactly(4, 5);
    assertThatThrownBy(() -> map.field(6)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Types.MapType.ofRequired(4, 4, Types.StringType.get(), Types.StringType.get()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void nestedFieldCopies() {
    NestedField field = NestedField.required(1, "x", Types.IntegerType.get());
    assertThat(field.toString()).isEqualTo("1: x: required int");
    assertThat(field.asOptional()).isEqualTo(NestedField.optional(1, "x", Types.IntegerType.get()));
    assertThat(field.asOptional().asRequired()).isEqualTo(field);
    assertThat(field.withName("y").name()).isEqualTo("y");
    assertThat(field.withDoc("d").doc()).contains("d");
    assertThat(field.withType(Types.LongType.get()).type()).isEqualTo(Types.LongType.get());
    assertThat(field.doc()).isEmpty();
    assertThat(NestedField.of(1, false, "x", Types.IntegerType.get())).isEqualTo(field);
    assertThat(NestedField.from(field).withDoc("d").build()).isEqualTo(field.withDoc("d"));
  }

  @Test
  void unknownFieldsMustBeOptionalWithNullDefaults() {
    assertThatThrownBy(() -> NestedField.required(1, "u", Types.UnknownType.get()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'u'")
        .hasMessageContaining("optional");
    assertThatThrownBy(() -> NestedField.builder(1, "v", Types.VariantType.get()).withInitialDefault("x").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must default to null");
  }

  @Test
  void defaultsAreCheckedAndNormalized() {
    NestedField field = NestedField.builder(1, "n", Types.LongType.get())
        .asRequired()
        .withInitialDefault(7)
        .withWriteDefault(8L)
        .withDoc("count")
        .build();
    assertThat(field.initialDefault()).contains(7L);
    assertThat(field.writeDefault()).contains(8L);
    assertThat(field.isRequired()).isTrue();

    NestedField price = NestedField.builder(2, "price", Types.DecimalType.of(9, 2))
        .withInitialDefault(new BigDecimal("14.2"))
        .build();
    assertThat(price.initialDefault()).contains(new BigDecimal("14.20"));

    assertThatThrownBy(() -> NestedField.builder(2, "price", Types.DecimalType.of(9, 2))
            .withInitialDefault(new BigDecimal("14.201")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("initial-default of field 2 'price'");
    assertThatThrownBy(() -> NestedField.builder(2, "price", Types.DecimalType.of(3, 2))
            .withInitialDefault(new BigDecimal("14.20")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("precision");
    assertThatThrownBy(() -> NestedField.builder(3, "s", Types.StringType.get()).withWriteDefault(3).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("write-default of field 3 's'")
        .hasMessageContaining("String");
    assertThatThrownBy(() -> NestedField.builder(4, "f", Types.FixedType.ofLength(2))
            .withWriteDefault(ByteBuffer.wrap(new byte[3])).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("expected 2 bytes");
  }

  @Test
  void structDefaultsMustBeEmpty() {
    Types.StructType point = Types.StructType.of(
        NestedField.builder(11, "x", Types.IntegerType.get()).withInitialDefault(0).build());
    NestedField withEmpty = NestedField.builder(10, "point", point).withInitialDefault(Map.of()).build();
    assertThat(withEmpty.initialDefault()).contains(Map.of());
    assertThatThrownBy(() -> NestedField.builder(10, "point", point).withInitialDefault(Map.of(11, 3)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("struct default must be empty");
  }

  @Test
  void listAndMapDefaultsAreCheckedElementByElement() {
    NestedField list = NestedField.builder(1, "l", Types.ListType.ofRequired(2, Types.IntegerType.get()))
        .withInitialDefault(List.of(1, 2))
        .build();
    assertThat(list.initialDefault()).contains(List.of(1, 2));
    assertThatThrownBy(() -> NestedField.builder(1, "l", Types.ListType.ofRequired(2, Types.IntegerType.get()))
            .withInitialDefault(java.util.Arrays.asList(1, null)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("required");
    NestedField map = NestedField.builder(3, "m", Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.LongType.get()))
        .withWriteDefault(Map.of("a", 1L))
        .build();
    assertThat(map.writeDefault()).contains(Map.of("a", 1L));
  }

  @Test
  void binaryDefaultsAreCopiedAndReturnedAsFreshViews() {
    ByteBuffer original = ByteBuffer.wrap(new byte[] {1, 2, 3});
    NestedField field = NestedField.builder(1, "b", Types.BinaryType.get()).withInitialDefault(original).build();
    original.put(0, (byte) 9);
    ByteBuffer first = (ByteBuffer) field.initialDefault().orElseThrow();
    first.get();
    ByteBuffer second = (ByteBuffer) field.initialDefault().orElseThrow();
    assertThat(second.position()).isZero();
    assertThat(second).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(second.isReadOnly()).isTrue();
  }

  @Test
  void nestedFieldsWithBinaryDefaultsSurviveJavaSerialization() throws Exception {
    NestedField field = NestedField.builder(1, "b", Types.ListType.ofOptional(2, Types.FixedType.ofLength(2)))
        .asRequired()
        .withDoc("bytes")
        .withInitialDefault(List.of(ByteBuffer.wrap(new byte[] {1, 2})))
        .build();
    assertThat(roundTrip(field)).isEqualTo(field);
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
