package io.datashard.internal.commit;

import io.datashard.internal.metadata.TableMetadata;

/**
 * One staged change to table metadata. {@link #applyTo} is pure with respect to the table: it can
 * be re-run on a refreshed base after a lost race (it may write new manifest files, which it
 * tracks and cleans up).
 */
public interface MetadataChange {
  /** The metadata with this change applied to {@code base}; returns {@code base} if nothing changes. */
  TableMetadata applyTo(TableMetadata base);

  /** Called once after the metadata containing this change became current. */
  default void committed(TableMetadata committed) {
  }

  /** Called once when the change will never be committed (not after an unknown outcome). */
  default void abandoned() {
  }
}
