package io.datashard.internal.manifest;

import io.datashard.PartitionData;
import io.datashard.PartitionFieldSummary;
import io.datashard.types.Comparators;
import io.datashard.types.Conversions;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accumulates the manifest list's {@code field_summary} of each partition field over the partition
 * tuples of a manifest: whether any value is null or NaN, and the lowest and highest other value.
 */
final class PartitionSummaries {
  private final FieldSummary[] fields;

  PartitionSummaries(Types.StructType partitionType) {
    List<Types.NestedField> structFields = partitionType.fields();
    this.fields = new FieldSummary[structFields.size()];
    for (int i = 0; i < fields.length; i += 1) {
      fields[i] = new FieldSummary(structFields.get(i).type().asPrimitiveType());
    }
  }

  void update(PartitionData partition) {
    for (int i = 0; i < fields.length; i += 1) {
      fields[i].update(partition.get(i, Object.class));
    }
  }

  List<PartitionFieldSummary> summaries() {
    List<PartitionFieldSummary> result = new ArrayList<>(fields.length);
    for (FieldSummary field : fields) {
      result.add(field.summary());
    }
    return result;
  }

  private static final class FieldSummary {
    private final Type.PrimitiveType type;
    private final Comparator<Object> comparator;
    private boolean containsNull = false;
    private boolean containsNaN = false;
    private Object min = null;
    private Object max = null;

    FieldSummary(Type.PrimitiveType type) {
      this.type = type;
      this.comparator = type.typeId() == Type.TypeID.UNKNOWN ? null : Comparators.forType(type);
    }

    void update(Object value) {
      if (value == null || comparator == null) {
        containsNull = true;
      } else if (isNaN(value)) {
        containsNaN = true;
      } else if (min == null) {
        min = value;
        max = value;
      } else if (comparator.compare(value, min) < 0) {
        min = value;
      } else if (comparator.compare(value, max) > 0) {
        max = value;
      }
    }

    PartitionFieldSummary summary() {
      return new PartitionFieldSummary(
          containsNull,
          containsNaN,
          min == null ? null : Conversions.toByteBuffer(type, min),
          max == null ? null : Conversions.toByteBuffer(type, max));
    }

    private static boolean isNaN(Object value) {
      return (value instanceof Double && ((Double) value).isNaN())
          || (value instanceof Float && ((Float) value).isNaN());
    }
  }
}
