package io.datashard.internal.commit;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.ManifestFile;
import java.util.Objects;

/** Fast append (one new manifest) or merge append (also merges small manifests). */
final class AppendUpdate extends FileChangeProducer<AppendFiles> implements AppendFiles {
  AppendUpdate(ChangeCommitter committer, boolean merge) {
    super(committer);
    mergeManifests(merge);
  }

  @Override
  protected AppendFiles self() {
    return this;
  }

  @Override
  protected String operation() {
    return DataOperations.APPEND;
  }

  @Override
  public AppendFiles appendFile(DataFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public AppendFiles appendManifest(ManifestFile manifest) {
    addManifest(Objects.requireNonNull(manifest, "manifest is null"));
    return this;
  }
}
