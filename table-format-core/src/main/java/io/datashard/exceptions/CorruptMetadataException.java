package io.datashard.exceptions;

/** A metadata file, manifest or manifest list could not be parsed: it is truncated, corrupt or has the wrong schema. */
public class CorruptMetadataException extends DatashardException {
  public CorruptMetadataException(String message) {
    super(message);
  }

  public CorruptMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
