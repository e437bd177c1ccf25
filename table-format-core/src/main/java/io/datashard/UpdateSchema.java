package io.datashard;

import io.datashard.types.Schema;
import io.datashard.types.Type;
import java.util.Collection;

/**
 * Evolves the table schema. Column names are dotted paths for nested fields. New columns get
 * fresh field ids; changes that could make existing data unreadable are rejected unless
 * {@link #allowIncompatibleChanges()} is called.
 */
public interface UpdateSchema extends PendingUpdate<Schema> {
  UpdateSchema caseSensitive(boolean caseSensitive);

  UpdateSchema allowIncompatibleChanges();

  UpdateSchema addColumn(String name, Type type);

  UpdateSchema addColumn(String name, Type type, String doc);

  /** Adds a column inside a struct (or the struct element/value of a list/map). */
  UpdateSchema addColumn(String parent, String name, Type type, String doc);

  /** Adds a required column with a default for existing rows (v3 initial-default). */
  UpdateSchema addRequiredColumn(String name, Type type, Object defaultValue);

  UpdateSchema deleteColumn(String name);

  UpdateSchema renameColumn(String name, String newName);

  /** Widens a column's type: int→long, float→double, decimal(P,S)→decimal(P2,S) with P2 &gt; P. */
  UpdateSchema updateColumn(String name, Type.PrimitiveType newType);

  UpdateSchema updateColumnDoc(String name, String doc);

  UpdateSchema makeColumnOptional(String name);

  /** Makes an optional column required; incompatible unless {@link #allowIncompatibleChanges()}. */
  UpdateSchema requireColumn(String name);

  UpdateSchema moveFirst(String name);

  UpdateSchema moveBefore(String name, String beforeName);

  UpdateSchema moveAfter(String name, String afterName);

  UpdateSchema setIdentifierFields(Collection<String> names);
}
