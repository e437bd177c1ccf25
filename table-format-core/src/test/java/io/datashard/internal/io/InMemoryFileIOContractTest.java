package io.datashard.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOContractTest;
import io.datashard.io.SupportsPrefixListing;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryFileIOContractTest extends FileIOContractTest {

  @Override
  protected FileIO createFileIO() {
    FileIO fileIO = new InMemoryFileIO();
    fileIO.initialize(Map.of("test.property", "value"));
    return fileIO;
  }

  @Override
  protected String newLocationRoot() {
    return "memory://bucket/" + UUID.randomUUID();
  }

  @AfterEach
  void deleteFiles() {
    ((SupportsPrefixListing) io).deletePrefix(root);
  }

  @Test
  void instancesShareOneStore() {
    String location = location("shared.bin");
    byte[] content = randomBytes(64, 1);
    write(new InMemoryFileIO().newOutputFile(location), content);

    assertThat(read(new InMemoryFileIO().newInputFile(location))).isEqualTo(content);
  }

  @Test
  void resetDeletesEveryFile() {
    String location = location("reset.bin");
    write(io.newOutputFile(location), randomBytes(10, 2));

    InMemoryFileIO.reset();

    assertThat(io.newInputFile(location).exists()).isFalse();
  }

  @Test
  void keepsProperties() {
    assertThat(io.properties()).containsExactlyEntriesOf(Map.of("test.property", "value"));
  }
}
