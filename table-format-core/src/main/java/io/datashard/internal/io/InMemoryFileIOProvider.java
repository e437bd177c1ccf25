package io.datashard.internal.io;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOProvider;
import java.util.Map;
import java.util.Set;

/** Serves {@code memory} locations with {@link InMemoryFileIO}. */
public final class InMemoryFileIOProvider implements FileIOProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public FileIO create(Map<String, String> properties) {
    FileIO io = new InMemoryFileIO();
    io.initialize(properties);
    return io;
  }
}
