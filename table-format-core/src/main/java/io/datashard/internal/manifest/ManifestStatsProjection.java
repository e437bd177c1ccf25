package io.datashard.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A reader schema for manifest entries without the data files' column statistics. Avro's schema
 * resolution then skips those bytes instead of building maps of them, which is most of the work of
 * reading a manifest when nothing needs the statistics.
 */
final class ManifestStatsProjection {
  private static final Set<Integer> STATS_IDS = Set.of(
      ManifestAvroSchemas.COLUMN_SIZES_ID, ManifestAvroSchemas.VALUE_COUNTS_ID,
      ManifestAvroSchemas.NULL_VALUE_COUNTS_ID, ManifestAvroSchemas.NAN_VALUE_COUNTS_ID,
      ManifestAvroSchemas.LOWER_BOUNDS_ID, ManifestAvroSchemas.UPPER_BOUNDS_ID);

  private ManifestStatsProjection() {}

  /** The entry schema with the statistics fields of its {@code data_file} record left out. */
  static Schema withoutStats(Schema entrySchema) {
    if (entrySchema.getType() != Schema.Type.RECORD) {
      return entrySchema; // not a manifest; the decoder reports it
    }
    int dataFile = AvroFields.position(entrySchema, ManifestAvroSchemas.DATA_FILE_ID, "data_file");
    if (dataFile < 0 || entrySchema.getFields().get(dataFile).schema().getType() != Schema.Type.RECORD) {
      return entrySchema;
    }
    Schema fileSchema = entrySchema.getFields().get(dataFile).schema();
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field field : fileSchema.getFields()) {
      Integer id = AvroFields.fieldId(field);
      if (id == null || !STATS_IDS.contains(id)) {
        kept.add(new Schema.Field(field, field.schema()));
      }
    }
    if (kept.size() == fileSchema.getFields().size()) {
      return entrySchema;
    }
    Schema projectedFile = Schema.createRecord(fileSchema.getName(), fileSchema.getDoc(), fileSchema.getNamespace(), false, kept);
    fileSchema.getObjectProps().forEach(projectedFile::addProp);
    List<Schema.Field> entryFields = new ArrayList<>();
    for (Schema.Field field : entrySchema.getFields()) {
      entryFields.add(new Schema.Field(field, field.pos() == dataFile ? projectedFile : field.schema()));
    }
    Schema projected = Schema.createRecord(entrySchema.getName(), entrySchema.getDoc(), entrySchema.getNamespace(), false, entryFields);
    entrySchema.getObjectProps().forEach(projected::addProp);
    return projected;
  }
}
