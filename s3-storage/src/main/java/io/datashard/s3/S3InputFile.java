package io.datashard.s3;

import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/** An S3 object to read; its length comes from HEAD unless the caller knows it. */
final class S3InputFile implements InputFile {
  private final S3FileIO io;
  private final String location;
  private final S3Location parsed;
  private volatile long length;

  S3InputFile(S3FileIO io, String location, S3Location parsed, long length) {
    this.io = io;
    this.location = location;
    this.parsed = parsed;
    this.length = length;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long length() {
    if (length < 0) {
      try {
        length = io.client().headObject(b -> b.bucket(parsed.bucket()).key(parsed.key())).contentLength();
      } catch (SdkException e) {
        throw S3Errors.translate(e, "read the length of", location);
      }
    }
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new S3InputStream(io.client(), parsed, location, io.s3Properties().readSkipWindow());
  }

  @Override
  public boolean exists() {
    return io.exists(parsed);
  }

  @Override
  public String toString() {
    return location;
  }
}
