package io.datashard.internal.manifest;

import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Avro schemas of manifests and manifest lists, per format version, exactly as the Iceberg spec
 * and Apache Iceberg write them: every field carries its {@code field-id}, lists their
 * {@code element-id}, maps with int keys are arrays of {@code k<key-id>_v<value-id>} records marked
 * with {@code "logicalType": "map"}, optional fields are {@code ["null", type]} unions defaulting to
 * null, and records are named {@code manifest_entry}, {@code r2} (data_file), {@code r102}
 * (partition), {@code manifest_file} and {@code r508} (field_summary). Readers such as Apache Iceberg
 * resolve fields by these ids, so they must never change.
 */
public final class ManifestAvroSchemas {
  static final String FIELD_ID_PROP = "field-id";
  static final String ELEMENT_ID_PROP = "element-id";
  static final String ADJUST_TO_UTC_PROP = "adjust-to-utc";
  static final String ICEBERG_FIELD_NAME_PROP = "iceberg-field-name";
  private static final String LOGICAL_TYPE_PROP = "logicalType";

  // manifest_entry
  static final int STATUS_ID = 0;
  static final int SNAPSHOT_ID_ID = 1;
  static final int DATA_FILE_ID = 2;
  static final int SEQUENCE_NUMBER_ID = 3;
  static final int FILE_SEQUENCE_NUMBER_ID = 4;

  // data_file
  static final int FILE_PATH_ID = 100;
  static final int FILE_FORMAT_ID = 101;
  static final int PARTITION_ID = 102;
  static final int RECORD_COUNT_ID = 103;
  static final int FILE_SIZE_ID = 104;
  static final int BLOCK_SIZE_ID = 105;
  static final int COLUMN_SIZES_ID = 108;
  static final int VALUE_COUNTS_ID = 109;
  static final int NULL_VALUE_COUNTS_ID = 110;
  static final int LOWER_BOUNDS_ID = 125;
  static final int UPPER_BOUNDS_ID = 128;
  static final int KEY_METADATA_ID = 131;
  static final int SPLIT_OFFSETS_ID = 132;
  static final int CONTENT_ID = 134;
  static final int EQUALITY_IDS_ID = 135;
  static final int NAN_VALUE_COUNTS_ID = 137;
  static final int SORT_ORDER_ID_ID = 140;
  static final int FIRST_ROW_ID_ID = 142;
  static final int REFERENCED_DATA_FILE_ID = 143;
  static final int CONTENT_OFFSET_ID = 144;
  static final int CONTENT_SIZE_ID = 145;

  // manifest_file
  static final int MANIFEST_PATH_ID = 500;
  static final int MANIFEST_LENGTH_ID = 501;
  static final int PARTITION_SPEC_ID_ID = 502;
  static final int ADDED_SNAPSHOT_ID_ID = 503;
  static final int ADDED_FILES_COUNT_ID = 504;
  static final int EXISTING_FILES_COUNT_ID = 505;
  static final int DELETED_FILES_COUNT_ID = 506;
  static final int PARTITIONS_ID = 507;
  static final int FIELD_SUMMARY_ID = 508;
  static final int CONTAINS_NULL_ID = 509;
  static final int LOWER_BOUND_ID = 510;
  static final int UPPER_BOUND_ID = 511;
  static final int ADDED_ROWS_COUNT_ID = 512;
  static final int EXISTING_ROWS_COUNT_ID = 513;
  static final int DELETED_ROWS_COUNT_ID = 514;
  static final int MANIFEST_SEQUENCE_NUMBER_ID = 515;
  static final int MIN_SEQUENCE_NUMBER_ID = 516;
  static final int MANIFEST_CONTENT_ID = 517;
  static final int CONTAINS_NAN_ID = 518;
  static final int MANIFEST_KEY_METADATA_ID = 519;
  static final int MANIFEST_FIRST_ROW_ID_ID = 520;

  /** The spec requires v1 writers to fill the deprecated {@code block_size_in_bytes}; Iceberg writes 64 MB. */
  static final long V1_DEFAULT_BLOCK_SIZE = 64L * 1024 * 1024;

  private static final Schema NULL = Schema.create(Schema.Type.NULL);

  private ManifestAvroSchemas() {}

  /** The {@code manifest_entry} schema of a manifest of the given format version and partition type. */
  public static Schema manifestEntrySchema(int formatVersion, Types.StructType partitionType) {
    checkVersion(formatVersion);
    Objects.requireNonNull(partitionType, "partitionType is null");
    List<Schema.Field> fields = new ArrayList<>();
    fields.add(required("status", STATUS_ID, Schema.create(Schema.Type.INT)));
    if (formatVersion == 1) {
      fields.add(required("snapshot_id", SNAPSHOT_ID_ID, Schema.create(Schema.Type.LONG)));
    } else {
      fields.add(optional("snapshot_id", SNAPSHOT_ID_ID, Schema.create(Schema.Type.LONG)));
      fields.add(optional("sequence_number", SEQUENCE_NUMBER_ID, Schema.create(Schema.Type.LONG)));
      fields.add(optional("file_sequence_number", FILE_SEQUENCE_NUMBER_ID, Schema.create(Schema.Type.LONG)));
    }
    fields.add(required("data_file", DATA_FILE_ID, dataFileSchema(formatVersion, partitionType)));
    return Schema.createRecord("manifest_entry", null, null, false, fields);
  }

  /** The {@code data_file} struct (Avro record {@code r2}) of the given format version. */
  public static Schema dataFileSchema(int formatVersion, Types.StructType partitionType) {
    checkVersion(formatVersion);
    Schema longSchema = Schema.create(Schema.Type.LONG);
    Schema bytesSchema = Schema.create(Schema.Type.BYTES);
    List<Schema.Field> fields = new ArrayList<>();
    if (formatVersion >= 2) {
      fields.add(required("content", CONTENT_ID, Schema.create(Schema.Type.INT)));
    }
    fields.add(required("file_path", FILE_PATH_ID, Schema.create(Schema.Type.STRING)));
    fields.add(required("file_format", FILE_FORMAT_ID, Schema.create(Schema.Type.STRING)));
    fields.add(required("partition", PARTITION_ID, partitionSchema(partitionType)));
    fields.add(required("record_count", RECORD_COUNT_ID, longSchema));
    fields.add(required("file_size_in_bytes", FILE_SIZE_ID, longSchema));
    if (formatVersion == 1) {
      fields.add(required("block_size_in_bytes", BLOCK_SIZE_ID, longSchema));
    }
    fields.add(optional("column_sizes", COLUMN_SIZES_ID, intKeyMap(117, 118, longSchema)));
    fields.add(optional("value_counts", VALUE_COUNTS_ID, intKeyMap(119, 120, longSchema)));
    fields.add(optional("null_value_counts", NULL_VALUE_COUNTS_ID, intKeyMap(121, 122, longSchema)));
    fields.add(optional("nan_value_counts", NAN_VALUE_COUNTS_ID, intKeyMap(138, 139, longSchema)));
    fields.add(optional("lower_bounds", LOWER_BOUNDS_ID, intKeyMap(126, 127, bytesSchema)));
    fields.add(optional("upper_bounds", UPPER_BOUNDS_ID, intKeyMap(129, 130, bytesSchema)));
    fields.add(optional("key_metadata", KEY_METADATA_ID, bytesSchema));
    fields.add(optional("split_offsets", SPLIT_OFFSETS_ID, list(133, longSchema)));
    if (formatVersion >= 2) {
      fields.add(optional("equality_ids", EQUALITY_IDS_ID, list(136, Schema.create(Schema.Type.INT))));
    }
    fields.add(optional("sort_order_id", SORT_ORDER_ID_ID, Schema.create(Schema.Type.INT)));
    if (formatVersion >= 3) {
      fields.add(optional("first_row_id", FIRST_ROW_ID_ID, longSchema));
    }
    if (formatVersion >= 2) {
      fields.add(optional("referenced_data_file", REFERENCED_DATA_FILE_ID, Schema.create(Schema.Type.STRING)));
    }
    if (formatVersion >= 3) {
      fields.add(optional("content_offset", CONTENT_OFFSET_ID, longSchema));
      fields.add(optional("content_size_in_bytes", CONTENT_SIZE_ID, longSchema));
    }
    return Schema.createRecord("r" + DATA_FILE_ID, null, null, false, fields);
  }

  /** The {@code manifest_file} schema of a manifest list of the given format version. */
  public static Schema manifestListSchema(int formatVersion) {
    checkVersion(formatVersion);
    Schema intSchema = Schema.create(Schema.Type.INT);
    Schema longSchema = Schema.create(Schema.Type.LONG);
    boolean v2 = formatVersion >= 2;
    List<Schema.Field> fields = new ArrayList<>();
    fields.add(required("manifest_path", MANIFEST_PATH_ID, Schema.create(Schema.Type.STRING)));
    fields.add(required("manifest_length", MANIFEST_LENGTH_ID, longSchema));
    fields.add(required("partition_spec_id", PARTITION_SPEC_ID_ID, intSchema));
    if (v2) {
      fields.add(required("content", MANIFEST_CONTENT_ID, intSchema));
      fields.add(required("sequence_number", MANIFEST_SEQUENCE_NUMBER_ID, longSchema));
      fields.add(required("min_sequence_number", MIN_SEQUENCE_NUMBER_ID, longSchema));
    }
    fields.add(required("added_snapshot_id", ADDED_SNAPSHOT_ID_ID, longSchema));
    fields.add(field("added_files_count", ADDED_FILES_COUNT_ID, intSchema, !v2));
    fields.add(field("existing_files_count", EXISTING_FILES_COUNT_ID, intSchema, !v2));
    fields.add(field("deleted_files_count", DELETED_FILES_COUNT_ID, intSchema, !v2));
    fields.add(field("added_rows_count", ADDED_ROWS_COUNT_ID, longSchema, !v2));
    fields.add(field("existing_rows_count", EXISTING_ROWS_COUNT_ID, longSchema, !v2));
    fields.add(field("deleted_rows_count", DELETED_ROWS_COUNT_ID, longSchema, !v2));
    fields.add(optional("partitions", PARTITIONS_ID, list(FIELD_SUMMARY_ID, fieldSummarySchema())));
    fields.add(optional("key_metadata", MANIFEST_KEY_METADATA_ID, Schema.create(Schema.Type.BYTES)));
    if (formatVersion >= 3) {
      fields.add(optional("first_row_id", MANIFEST_FIRST_ROW_ID_ID, longSchema));
    }
    return Schema.createRecord("manifest_file", null, null, false, fields);
  }

  /** The {@code field_summary} struct (Avro record {@code r508}). */
  static Schema fieldSummarySchema() {
    Schema bytesSchema = Schema.create(Schema.Type.BYTES);
    return Schema.createRecord("r" + FIELD_SUMMARY_ID, null, null, false, List.of(
        required("contains_null", CONTAINS_NULL_ID, Schema.create(Schema.Type.BOOLEAN)),
        optional("contains_nan", CONTAINS_NAN_ID, Schema.create(Schema.Type.BOOLEAN)),
        optional("lower_bound", LOWER_BOUND_ID, bytesSchema),
        optional("upper_bound", UPPER_BOUND_ID, bytesSchema)));
  }

  /**
   * The partition tuple as Avro record {@code r102}: one field per partition field, with the
   * partition field's id and name (sanitized to a valid Avro name if needed, keeping the original in
   * {@code iceberg-field-name}). Partition fields are optional, so each is a union with null.
   */
  public static Schema partitionSchema(Types.StructType partitionType) {
    Objects.requireNonNull(partitionType, "partitionType is null");
    Map<Type, Schema> converted = new HashMap<>();
    List<Schema.Field> fields = new ArrayList<>(partitionType.fields().size());
    for (Types.NestedField field : partitionType.fields()) {
      if (!field.type().isPrimitiveType()) {
        throw new IllegalArgumentException(
            "Cannot write partition field " + field + " to a manifest: partition values must be of a primitive type");
      }
      Schema schema = converted.computeIfAbsent(field.type(), type -> primitive(type.asPrimitiveType()));
      String name = field.name();
      boolean valid = isValidAvroName(name);
      Schema.Field avroField = field(valid ? name : sanitize(name), field.fieldId(), schema, field.isOptional());
      if (!valid) {
        avroField.addProp(ICEBERG_FIELD_NAME_PROP, name);
      }
      fields.add(avroField);
    }
    return Schema.createRecord("r" + PARTITION_ID, null, null, false, fields);
  }

  /** The Avro schema of a primitive type, as the spec's Appendix A maps it. */
  public static Schema primitive(Type.PrimitiveType type) {
    Objects.requireNonNull(type, "type is null");
    return switch (type.typeId()) {
      case UNKNOWN -> NULL;
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case INTEGER -> Schema.create(Schema.Type.INT);
      case LONG -> Schema.create(Schema.Type.LONG);
      case FLOAT -> Schema.create(Schema.Type.FLOAT);
      case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP -> {
        Schema schema = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        schema.addProp(ADJUST_TO_UTC_PROP, ((Types.TimestampType) type).shouldAdjustToUTC());
        yield schema;
      }
      case TIMESTAMP_NANO -> {
        Schema schema = LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
        schema.addProp(ADJUST_TO_UTC_PROP, ((Types.TimestampNanoType) type).shouldAdjustToUTC());
        yield schema;
      }
      case STRING -> Schema.create(Schema.Type.STRING);
      case UUID -> {
        // added as a plain property: Avro releases differ in whether they accept uuid on fixed
        Schema schema = Schema.createFixed("uuid_fixed", null, null, 16);
        schema.addProp(LOGICAL_TYPE_PROP, "uuid");
        yield schema;
      }
      case FIXED -> {
        int length = ((Types.FixedType) type).length();
        yield Schema.createFixed("fixed_" + length, null, null, length);
      }
      case BINARY -> Schema.create(Schema.Type.BYTES);
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        Schema fixed = Schema.createFixed(
            "decimal_" + decimal.precision() + "_" + decimal.scale(), null, null,
            decimalRequiredBytes(decimal.precision()));
        yield LogicalTypes.decimal(decimal.precision(), decimal.scale()).addToSchema(fixed);
      }
      default -> throw new IllegalArgumentException("Cannot convert type " + type + " to Avro: not a primitive type");
    };
  }

  /** The fewest bytes whose two's complement range holds every unscaled value of {@code precision} digits. */
  static int decimalRequiredBytes(int precision) {
    BigInteger needed = BigInteger.TEN.pow(precision);
    for (int bytes = 1; ; bytes += 1) {
      BigInteger max = BigInteger.ONE.shiftLeft(8 * bytes - 1).subtract(BigInteger.ONE);
      if (max.compareTo(needed) >= 0) {
        return bytes;
      }
    }
  }

  private static void checkVersion(int formatVersion) {
    if (formatVersion < 1 || formatVersion > 3) {
      throw new IllegalArgumentException(
          "Unsupported format version " + formatVersion + " for manifests: expected 1, 2 or 3");
    }
  }

  private static Schema.Field required(String name, int id, Schema schema) {
    return field(name, id, schema, false);
  }

  private static Schema.Field optional(String name, int id, Schema schema) {
    return field(name, id, schema, true);
  }

  private static Schema.Field field(String name, int id, Schema schema, boolean optional) {
    Schema.Field field;
    if (optional) {
      Schema option = schema.getType() == Schema.Type.NULL ? schema : Schema.createUnion(NULL, schema);
      field = new Schema.Field(name, option, null, JsonProperties.NULL_VALUE);
    } else {
      field = new Schema.Field(name, schema, null, (Object) null);
    }
    field.addProp(FIELD_ID_PROP, id);
    return field;
  }

  private static Schema list(int elementId, Schema element) {
    Schema array = Schema.createArray(element);
    array.addProp(ELEMENT_ID_PROP, elementId);
    return array;
  }

  /** Avro maps need string keys, so int-keyed maps are arrays of key/value records, as Iceberg writes them. */
  private static Schema intKeyMap(int keyId, int valueId, Schema value) {
    Schema.Field key = new Schema.Field("key", Schema.create(Schema.Type.INT), null, (Object) null);
    key.addProp(FIELD_ID_PROP, keyId);
    Schema.Field val = new Schema.Field("value", value, null, (Object) null);
    val.addProp(FIELD_ID_PROP, valueId);
    Schema record = Schema.createRecord("k" + keyId + "_v" + valueId, null, null, false, List.of(key, val));
    Schema array = Schema.createArray(record);
    array.addProp(LOGICAL_TYPE_PROP, "map");
    return array;
  }

  static boolean isValidAvroName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i += 1) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Iceberg's sanitization, so both write the same Avro names: digits get a {@code _} prefix, others {@code _x<HEX>}. */
  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    if (name.isEmpty()) {
      return "_";
    }
    char first = name.charAt(0);
    sb.append(Character.isLetter(first) || first == '_' ? String.valueOf(first) : sanitize(first));
    for (int i = 1; i < name.length(); i += 1) {
      char c = name.charAt(i);
      sb.append(Character.isLetterOrDigit(c) || c == '_' ? String.valueOf(c) : sanitize(c));
    }
    return sb.toString();
  }

  private static String sanitize(char c) {
    if (Character.isDigit(c)) {
      return "_" + c;
    }
    return "_x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
  }
}
