package io.datashard.s3;

import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;

/** An S3 object to write; see {@link S3OutputStream} for how content is published. */
final class S3OutputFile implements OutputFile {
  private final S3FileIO io;
  private final String location;
  private final S3Location parsed;

  S3OutputFile(S3FileIO io, String location, S3Location parsed) {
    this.io = io;
    this.location = location;
    this.parsed = parsed;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public PositionOutputStream create() {
    S3OutputStream.Mode mode;
    if (io.s3Properties().conditionalWrites() == S3FileIOProperties.ConditionalWrites.ENABLED) {
      // refused here, before the caller writes a whole file that could never be published
      io.requireConditionalWrites(parsed);
      mode = S3OutputStream.Mode.CREATE;
    } else {
      io.warnUnsafeOnce();
      mode = S3OutputStream.Mode.CREATE_UNSAFE_CHECKED;
    }
    // No HEAD here: it would cost a request per file (a tenth or more of small-file write
    // throughput), and the write that publishes the content checks anyway, atomically with
    // If-None-Match: * (or, unsafe, with a HEAD just before it). A multipart upload checks once
    // before it starts, so a writer that has already lost does not upload a large file first.
    return new S3OutputStream(io, parsed, location, mode);
  }

  @Override
  public PositionOutputStream createOrOverwrite() {
    return new S3OutputStream(io, parsed, location, S3OutputStream.Mode.OVERWRITE);
  }

  @Override
  public InputFile toInputFile() {
    return io.newInputFile(location);
  }

  @Override
  public String toString() {
    return location;
  }
}
