package io.datashard;

/**
 * Adds data files. {@link Table#newFastAppend()} writes one new manifest and keeps all existing
 * ones; {@link Table#newAppend()} also merges small manifests per {@code commit.manifest.*}.
 */
public interface AppendFiles extends SnapshotUpdate<AppendFiles> {
  AppendFiles appendFile(DataFile file);

  /** Adds all files of an existing data manifest; the manifest is rewritten with this snapshot's id. */
  AppendFiles appendManifest(ManifestFile manifest);
}
