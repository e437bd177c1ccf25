package io.datashard.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.DatashardException;
import io.datashard.internal.io.InMemoryFileIO;
import io.datashard.internal.io.LocalFileIO;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileIOsTest {

  @Test
  void plainPathsAndFileUrisAreLocal() {
    for (String location : new String[] {"/data/t", "relative/t", "file:/data/t", "file:///data/t", "FILE:/data/t"}) {
      try (FileIO io = FileIOs.forLocation(location, Map.of())) {
        assertThat(io).as(location).isInstanceOf(LocalFileIO.class);
      }
    }
  }

  @Test
  void memoryUrisAreInMemory() {
    try (FileIO io = FileIOs.forLocation("memory://bucket/t", Map.of())) {
      assertThat(io).isInstanceOf(InMemoryFileIO.class);
    }
  }

  @Test
  void passesPropertiesToTheFileIO() {
    Map<String, String> properties = Map.of("some.key", "some value");
    try (FileIO io = FileIOs.forLocation("/data/t", properties)) {
      assertThat(io.properties()).isEqualTo(properties);
    }
    try (FileIO io = FileIOs.forLocation("memory://b/t", properties)) {
      assertThat(io.properties()).isEqualTo(properties);
    }
  }

  @Test
  void listsAvailableSchemes() {
    assertThat(FileIOs.availableSchemes()).contains("file", "memory");
  }

  @Test
  void unknownSchemeNamesTheSchemeTheLocationAndTheAvailableSchemes() {
    assertThatThrownBy(() -> FileIOs.forLocation("gs://bucket/warehouse/t", Map.of()))
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("'gs'")
        .hasMessageContaining("gs://bucket/warehouse/t")
        .hasMessageContaining("file")
        .hasMessageContaining("memory")
        .hasMessageContaining(FileIOProvider.class.getName());
  }

  @Test
  void s3WithoutTheS3ModuleSaysWhichModuleToAdd() {
    assertThatThrownBy(() -> FileIOs.forLocation("s3://bucket/t", Map.of()))
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("'s3'")
        .hasMessageContaining("s3://bucket/t")
        .hasMessageContaining("datashard-s3-storage");
  }
}
