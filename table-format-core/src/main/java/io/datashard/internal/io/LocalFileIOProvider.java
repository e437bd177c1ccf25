package io.datashard.internal.io;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOProvider;
import java.util.Map;
import java.util.Set;

/** Serves {@code file} locations and plain paths with {@link LocalFileIO}. */
public final class LocalFileIOProvider implements FileIOProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public FileIO create(Map<String, String> properties) {
    FileIO io = new LocalFileIO();
    io.initialize(properties);
    return io;
  }
}
