package io.datashard.internal.io;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOContractTest extends FileIOContractTest {
  @TempDir
  Path tempDir;

  @Override
  protected FileIO createFileIO() {
    return new LocalFileIO();
  }

  @Override
  protected String newLocationRoot() {
    return tempDir.toString();
  }
}
