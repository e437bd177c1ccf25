package io.datashard.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileInfo;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
  @TempDir
  Path dir;

  private final LocalFileIO io = new LocalFileIO();

  @Test
  void acceptsPlainPathsAndFileUris() throws IOException {
    Path file = dir.resolve("a b/c.txt");
    String plain = file.toString();
    write(io.newOutputFile(plain), "content");

    for (String location : List.of(plain, "file:" + plain, "file://" + plain, "file://localhost" + plain)) {
      assertThat(io.newInputFile(location).exists()).as(location).isTrue();
      assertThat(read(io, location)).as(location).isEqualTo("content");
    }
  }

  @Test
  void writesThroughFileUris() throws IOException {
    String location = "file://" + dir.resolve("nested/deeper/f.txt");
    write(io.newOutputFile(location), "x");

    assertThat(Files.readString(dir.resolve("nested/deeper/f.txt"))).isEqualTo("x");
  }

  @Test
  void rejectsOtherSchemesAndHosts() {
    assertThatThrownBy(() -> io.newInputFile("s3://bucket/key"))
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("s3://bucket/key")
        .hasMessageContaining("FileIOs.forLocation");
    assertThatThrownBy(() -> io.newInputFile("file://otherhost/data/f"))
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("otherhost");
    assertThatThrownBy(() -> io.newInputFile("file:relative/f"))
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("absolute path");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    String location = dir.resolve("t/f.bin").toString();
    write(io.newOutputFile(location), "winner");
    assertThatThrownBy(() -> write(io.newOutputFile(location), "loser"))
        .isInstanceOf(AlreadyExistsException.class);

    PositionOutputStream late = io.newOutputFile(dir.resolve("t/g.bin").toString()).create();
    late.write(1);
    write(io.newOutputFile(dir.resolve("t/g.bin").toString()), "first");
    assertThatThrownBy(late::close).isInstanceOf(AlreadyExistsException.class);

    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(2);
    }

    assertThat(fileNames(dir.resolve("t"))).containsExactlyInAnyOrder("f.bin", "g.bin");
  }

  @Test
  void unclosedStreamWritesOnlyAHiddenTemporaryFile() throws IOException {
    PositionOutputStream out = io.newOutputFile(dir.resolve("f.bin").toString()).create();
    out.write(new byte[100]);
    out.flush();

    assertThat(fileNames(dir)).singleElement().asString().startsWith(".f.bin.").endsWith(".tmp");
  }

  @Test
  void publishesWithRenameWhenHardLinksAreUnavailable() throws IOException {
    LocalFileIO withoutLinks = new LocalFileIO(false);
    String location = dir.resolve("f.txt").toString();
    write(withoutLinks.newOutputFile(location), "first");

    assertThatThrownBy(() -> write(withoutLinks.newOutputFile(location), "second"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(location);
    PositionOutputStream late = withoutLinks.newOutputFile(dir.resolve("g.txt").toString()).create();
    late.write(1);
    write(withoutLinks.newOutputFile(dir.resolve("g.txt").toString()), "g");
    assertThatThrownBy(late::close).isInstanceOf(AlreadyExistsException.class);

    assertThat(read(io, location)).isEqualTo("first");
    assertThat(read(io, dir.resolve("g.txt").toString())).isEqualTo("g");
    assertThat(fileNames(dir)).containsExactlyInAnyOrder("f.txt", "g.txt");
  }

  @Test
  void listingKeepsTheStyleOfThePrefix() {
    write(io.newOutputFile(dir.resolve("t/data/a.bin").toString()), "a");
    String prefix = "file://" + dir.resolve("t");

    List<FileInfo> files = CloseableIterable.toList(io.listPrefix(prefix));

    assertThat(files).extracting(FileInfo::location).containsExactly(prefix + "/data/a.bin");
    assertThat(read(io, files.get(0).location())).isEqualTo("a");
  }

  @Test
  void directoryIsNotAFile() throws IOException {
    Files.createDirectories(dir.resolve("d"));
    String location = dir.resolve("d").toString();

    assertThat(io.newInputFile(location).exists()).isFalse();
    assertThatThrownBy(() -> io.newInputFile(location).length())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void closedStreamsRejectUse() throws IOException {
    String location = dir.resolve("f.bin").toString();
    PositionOutputStream out = io.newOutputFile(location).create();
    out.close();
    out.close(); // closing twice is harmless
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining(location);

    InputStream in = io.newInputFile(location).newStream();
    in.close();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining(location);
  }

  private static void write(OutputFile output, String content) {
    try (PositionOutputStream out = output.create()) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(LocalFileIO io, String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).map(path -> path.getFileName().toString()).toList();
    }
  }
}
