package io.datashard.s3;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOProvider;
import java.util.Map;
import java.util.Set;

/** Serves {@code s3://}, {@code s3a://} and {@code s3n://} locations with {@link S3FileIO}. */
public final class S3FileIOProvider implements FileIOProvider {
  @Override
  public Set<String> schemes() {
    return S3Location.SCHEMES;
  }

  @Override
  public FileIO create(Map<String, String> properties) {
    FileIO io = new S3FileIO();
    io.initialize(properties);
    return io;
  }
}
