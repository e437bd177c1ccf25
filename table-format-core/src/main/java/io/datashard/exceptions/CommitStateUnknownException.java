package io.datashard.exceptions;

/**
 * The outcome of a commit is unknown: the new metadata may or may not have become current.
 * Callers must not delete any file written for the commit, and should refresh the table to
 * find out whether it landed.
 */
public class CommitStateUnknownException extends DatashardException {
  public CommitStateUnknownException(String message, Throwable cause) {
    super(message
        + " The commit may or may not have succeeded; refresh the table to check. Files written for it were kept.",
        cause);
  }
}
