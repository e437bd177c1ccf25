package io.datashard.internal.commit;

import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.DeleteFiles;
import io.datashard.expressions.Expression;
import java.util.Objects;
import java.util.function.Predicate;

/** Removes whole data files. */
final class DeleteUpdate extends FileChangeProducer<DeleteFiles> implements DeleteFiles {
  DeleteUpdate(ChangeCommitter committer) {
    super(committer);
  }

  @Override
  protected DeleteFiles self() {
    return this;
  }

  @Override
  protected String operation() {
    return DataOperations.DELETE;
  }

  @Override
  public DeleteFiles deleteFile(String location) {
    deleteDataPath(Objects.requireNonNull(location, "location is null"));
    return this;
  }

  @Override
  public DeleteFiles deleteFile(DataFile file) {
    delete(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public DeleteFiles deleteFromFilter(Predicate<DataFile> fileFilter) {
    deleteByFilter(Objects.requireNonNull(fileFilter, "fileFilter is null"));
    return this;
  }

  @Override
  public DeleteFiles deleteFromRowFilter(Expression rowFilter) {
    deleteByRowFilter(Objects.requireNonNull(rowFilter, "rowFilter is null"));
    return this;
  }

  @Override
  public DeleteFiles caseSensitive(boolean caseSensitive) {
    matchCaseSensitively(caseSensitive);
    return this;
  }

  @Override
  public DeleteFiles validateFilesExist() {
    failMissingDeletePaths();
    return this;
  }
}
