package io.datashard.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behavior every {@link FileIO} must have. A storage module extends this class, says how to
 * create its FileIO and where a test may write, and gets the whole suite. Published in core's
 * test-jar.
 */
public abstract class FileIOContractTest {
  private static final int LARGE_FILE_SIZE = 300 * 1024;
  private static final int RACE_WRITERS = 8;
  private static final int RACE_ROUNDS = 20;

  protected FileIO io;
  protected String root;

  /** A new, initialized FileIO; closed after each test. */
  protected abstract FileIO createFileIO();

  /** A fresh location root, unique to the test, without a trailing slash, under which it writes. */
  protected abstract String newLocationRoot();

  @BeforeEach
  public void setUpFileIO() {
    io = createFileIO();
    root = newLocationRoot();
  }

  @AfterEach
  public void closeFileIO() {
    io.close();
  }

  /** A location under this test's root. */
  protected String location(String relative) {
    return root + "/" + relative;
  }

  @Test
  public void writesAndReadsBack() throws IOException {
    byte[] content = randomBytes(1000, 1);
    String location = location("data/file.bin");

    write(io.newOutputFile(location), content);

    InputFile input = io.newInputFile(location);
    assertThat(input.location()).isEqualTo(location);
    assertThat(input.exists()).isTrue();
    assertThat(input.length()).isEqualTo(content.length);
    assertThat(read(input)).isEqualTo(content);
  }

  @Test
  public void readsAnEmptyFile() throws IOException {
    String location = location("empty");
    write(io.newOutputFile(location), new byte[0]);

    InputFile input = io.newInputFile(location);
    assertThat(input.exists()).isTrue();
    assertThat(input.length()).isZero();
    try (SeekableInputStream in = input.newStream()) {
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
    }
  }

  @Test
  public void outputStreamCountsPosition() throws IOException {
    OutputFile output = io.newOutputFile(location("counted"));
    try (PositionOutputStream out = output.create()) {
      assertThat(out.position()).isZero();
      out.write(7);
      assertThat(out.position()).isEqualTo(1);
      out.write(new byte[100], 10, 50);
      assertThat(out.position()).isEqualTo(51);
    }
    assertThat(output.toInputFile().length()).isEqualTo(51);
  }

  @Test
  public void lengthGivenByTheCallerIsUsed() {
    String location = location("known-length");
    write(io.newOutputFile(location), randomBytes(123, 2));

    assertThat(io.newInputFile(location, 123).length()).isEqualTo(123);
    assertThat(io.newInputFile(location, 123).location()).isEqualTo(location);
  }

  @Test
  public void missingFileIsNotFound() {
    String location = location("missing/file.bin");
    InputFile input = io.newInputFile(location);

    assertThat(input.exists()).isFalse();
    assertThatThrownBy(input::length)
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(location);
    assertThatThrownBy(input::newStream)
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(location);
    assertThatThrownBy(() -> io.newInputFile(location, 10).newStream())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(location);
  }

  @Test
  public void seeksAndReadsAtRandomPositions() throws IOException {
    byte[] content = randomBytes(LARGE_FILE_SIZE, 3);
    String location = location("large.bin");
    write(io.newOutputFile(location), content);

    Random random = new Random(4);
    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      assertThat(in.position()).isZero();
      for (int i = 0; i < 200; i++) {
        int position = random.nextInt(content.length);
        int length = Math.min(random.nextInt(20_000) + 1, content.length - position);
        in.seek(position);
        assertThat(in.position()).isEqualTo(position);

        if (i % 3 == 0) {
          assertThat(in.read()).isEqualTo(content[position] & 0xFF);
          assertThat(in.position()).isEqualTo(position + 1);
          continue;
        }
        byte[] actual = new byte[length];
        readFully(in, actual);
        assertThat(actual).isEqualTo(slice(content, position, length));
        assertThat(in.position()).isEqualTo(position + length);
      }
    }
  }

  @Test
  public void readsSequentiallyAcrossBufferBoundaries() throws IOException {
    byte[] content = randomBytes(LARGE_FILE_SIZE, 5);
    String location = location("sequential.bin");
    write(io.newOutputFile(location), content);

    Random random = new Random(6);
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      byte[] chunk = new byte[40_000];
      while (true) {
        int n = in.read(chunk, 0, random.nextInt(chunk.length) + 1);
        if (n < 0) {
          break;
        }
        collected.write(chunk, 0, n);
        assertThat(in.position()).isEqualTo(collected.size());
      }
    }
    assertThat(collected.toByteArray()).isEqualTo(content);
  }

  @Test
  public void positionedReadsDoNotMoveTheStream() throws IOException {
    byte[] content = randomBytes(LARGE_FILE_SIZE, 7);
    String location = location("positioned.bin");
    write(io.newOutputFile(location), content);

    Random random = new Random(8);
    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      in.seek(1234);
      for (int i = 0; i < 100; i++) {
        int position = random.nextInt(content.length);
        int length = Math.min(random.nextInt(30_000), content.length - position);
        byte[] actual = new byte[length + 4];
        in.readFully(position, actual, 2, length);
        assertThat(slice(actual, 2, length)).isEqualTo(slice(content, position, length));
        assertThat(in.position()).isEqualTo(1234);
      }
      assertThat(in.read()).isEqualTo(content[1234] & 0xFF);

      assertThatThrownBy(() -> in.readFully(content.length - 10, new byte[20], 0, 20))
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  public void seekingPastTheEndReadsEndOfStream() throws IOException {
    String location = location("short.bin");
    byte[] content = randomBytes(100, 9);
    write(io.newOutputFile(location), content);

    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      in.seek(500);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
      in.seek(99);
      assertThat(in.read()).isEqualTo(content[99] & 0xFF);
      assertThat(in.read()).isEqualTo(-1);
      assertThatThrownBy(() -> in.seek(-1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  public void createFailsWhenTheFileExists() {
    String location = location("exists.bin");
    byte[] original = randomBytes(500, 10);
    write(io.newOutputFile(location), original);

    // The failure may come from create() itself or, where telling would cost a request of its
    // own (object stores), from the conditional write when the stream is written or closed.
    Throwable failure = catchThrowable(() -> {
      try (PositionOutputStream out = io.newOutputFile(location).create()) {
        out.write(randomBytes(700, 15));
      }
    });
    assertThat(failure).isInstanceOf(AlreadyExistsException.class).hasMessageContaining(location);
    assertThat(io.newInputFile(location).length()).isEqualTo(original.length);
    assertThat(read(io.newInputFile(location))).isEqualTo(original);
    if (io instanceof SupportsPrefixListing listing) {
      // nothing else was written: no temporary or side file left next to it
      assertThat(CloseableIterable.toList(listing.listPrefix(root)))
          .extracting(FileInfo::location).containsExactly(location);
    }
  }

  @Test
  public void createFailsAtCloseWhenAnotherWriterPublishedFirst() throws IOException {
    String location = location("late.bin");
    byte[] first = "first writer".getBytes(StandardCharsets.UTF_8);
    byte[] second = "second writer".getBytes(StandardCharsets.UTF_8);

    PositionOutputStream late = io.newOutputFile(location).create();
    late.write(second);
    write(io.newOutputFile(location), first);

    assertThatThrownBy(late::close)
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(location);
    assertThat(read(io.newInputFile(location))).isEqualTo(first);
  }

  @Test
  public void createOrOverwriteReplacesTheFile() throws IOException {
    String location = location("replaced.bin");
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(randomBytes(5000, 11));
    }
    byte[] replacement = randomBytes(300, 12);
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(replacement);
    }

    assertThat(io.newInputFile(location).length()).isEqualTo(replacement.length);
    assertThat(read(io.newInputFile(location))).isEqualTo(replacement);
  }

  @Test
  public void exactlyOneOfRacingCreatesWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACE_WRITERS);
    try {
      for (int round = 0; round < RACE_ROUNDS; round++) {
        assertOneWinner(pool, location("race/round-" + round + ".bin"), round);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void assertOneWinner(ExecutorService pool, String location, int round) throws Exception {
    // Every writer opens its stream before any closes, so the race is decided at publish time,
    // the check that must be atomic.
    CountDownLatch opened = new CountDownLatch(RACE_WRITERS);
    List<byte[]> contents = new ArrayList<>();
    List<Future<Boolean>> results = new ArrayList<>();
    for (int writer = 0; writer < RACE_WRITERS; writer++) {
      byte[] content = randomBytes(1000 + writer * 997, round * 100 + writer);
      contents.add(content);
      results.add(pool.submit(() -> {
        PositionOutputStream out;
        try {
          out = io.newOutputFile(location).create();
        } catch (AlreadyExistsException e) {
          return false;
        } finally {
          opened.countDown();
        }
        assertThat(opened.await(30, TimeUnit.SECONDS)).isTrue();
        try (out) {
          out.write(content);
        } catch (AlreadyExistsException e) {
          return false;
        }
        return true;
      }));
    }

    int winner = -1;
    for (int writer = 0; writer < RACE_WRITERS; writer++) {
      if (results.get(writer).get(60, TimeUnit.SECONDS)) {
        assertThat(winner).as("round %d: writers %d and %d both succeeded", round, winner, writer).isEqualTo(-1);
        winner = writer;
      }
    }
    assertThat(winner).as("round %d: no writer succeeded", round).isNotEqualTo(-1);
    assertThat(read(io.newInputFile(location))).isEqualTo(contents.get(winner));
  }

  @Test
  public void abandonedCreateLeavesNothingVisible() throws IOException {
    String location = location("abandoned.bin");
    PositionOutputStream abandoned = io.newOutputFile(location).create();
    abandoned.write(randomBytes(10_000, 13));
    abandoned.flush();

    assertThat(io.newInputFile(location).exists()).isFalse();
    assertThatThrownBy(() -> io.newInputFile(location).newStream()).isInstanceOf(NotFoundException.class);

    // The location stays free for another writer, and the abandoned stream can no longer publish.
    byte[] content = randomBytes(200, 14);
    write(io.newOutputFile(location), content);
    assertThatThrownBy(abandoned::close).isInstanceOf(AlreadyExistsException.class);
    assertThat(read(io.newInputFile(location))).isEqualTo(content);
  }

  @Test
  public void unclosedOverwriteKeepsTheOldContent() throws IOException {
    String location = location("kept.bin");
    byte[] original = randomBytes(700, 15);
    write(io.newOutputFile(location), original);

    PositionOutputStream pending = io.newOutputFile(location).createOrOverwrite();
    pending.write(randomBytes(20_000, 16));
    pending.flush();
    assertThat(read(io.newInputFile(location))).isEqualTo(original);

    pending.close();
    assertThat(io.newInputFile(location).length()).isEqualTo(20_000);
  }

  @Test
  public void deletesFiles() {
    String location = location("deleted.bin");
    write(io.newOutputFile(location), randomBytes(10, 17));

    io.deleteFile(location);

    assertThat(io.newInputFile(location).exists()).isFalse();
    io.deleteFile(location); // deleting a missing file is a no-op
    io.deleteFile(location("never/written.bin"));
  }

  @Test
  public void deletesFilesInBulk() {
    assumeThat(io).isInstanceOf(SupportsBulkDelete.class);
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String location = location("bulk/file-" + i);
      write(io.newOutputFile(location), randomBytes(10, 18 + i));
      locations.add(location);
    }

    ((SupportsBulkDelete) io).deleteFiles(List.of(
        locations.get(0), locations.get(2), locations.get(4), location("bulk/missing")));

    assertThat(io.newInputFile(locations.get(0)).exists()).isFalse();
    assertThat(io.newInputFile(locations.get(1)).exists()).isTrue();
    assertThat(io.newInputFile(locations.get(2)).exists()).isFalse();
    assertThat(io.newInputFile(locations.get(3)).exists()).isTrue();
    assertThat(io.newInputFile(locations.get(4)).exists()).isFalse();
  }

  @Test
  public void listsFilesUnderAPrefix() {
    assumeThat(io).isInstanceOf(SupportsPrefixListing.class);
    SupportsPrefixListing listing = (SupportsPrefixListing) io;
    long before = System.currentTimeMillis();
    Map<String, Integer> under = Map.of(
        location("table/a.bin"), 10,
        location("table/data/b.bin"), 20,
        location("table/data/part=1/c.bin"), 30);
    under.forEach((location, size) -> write(io.newOutputFile(location), randomBytes(size, size)));
    // Not under the prefix, although some share its first characters.
    write(io.newOutputFile(location("table2/d.bin")), randomBytes(5, 1));
    write(io.newOutputFile(location("tablex")), randomBytes(5, 1));
    write(io.newOutputFile(location("other/e.bin")), randomBytes(5, 1));

    for (String prefix : List.of(location("table"), location("table") + "/")) {
      List<FileInfo> files = CloseableIterable.toList(listing.listPrefix(prefix));
      assertThat(files).extracting(FileInfo::location).containsExactlyInAnyOrderElementsOf(under.keySet());
      for (FileInfo file : files) {
        assertThat(file.size()).isEqualTo(under.get(file.location()).longValue());
        // File system timestamps may be rounded to seconds and clocks may differ slightly.
        assertThat(file.createdAtMillis()).isBetween(before - 60_000, System.currentTimeMillis() + 60_000);
      }
    }
    assertThat(CloseableIterable.toList(listing.listPrefix(location("table/data/part=1"))))
        .extracting(FileInfo::location)
        .containsExactly(location("table/data/part=1/c.bin"));
    assertThat(CloseableIterable.toList(listing.listPrefix(location("nothing-here")))).isEmpty();
  }

  @Test
  public void deletesFilesUnderAPrefix() {
    assumeThat(io).isInstanceOf(SupportsPrefixListing.class);
    SupportsPrefixListing listing = (SupportsPrefixListing) io;
    List<String> under = List.of(location("t/a"), location("t/x/b"), location("t/x/y/c"));
    List<String> outside = List.of(location("t2/a"), location("u/b"));
    for (String location : under) {
      write(io.newOutputFile(location), randomBytes(10, 1));
    }
    for (String location : outside) {
      write(io.newOutputFile(location), randomBytes(10, 2));
    }

    listing.deletePrefix(location("t"));

    for (String location : under) {
      assertThat(io.newInputFile(location).exists()).as(location).isFalse();
    }
    for (String location : outside) {
      assertThat(io.newInputFile(location).exists()).as(location).isTrue();
    }
    assertThat(CloseableIterable.toList(listing.listPrefix(location("t")))).isEmpty();
    listing.deletePrefix(location("t")); // an empty prefix is a no-op
    // The prefix can be written again.
    write(io.newOutputFile(location("t/a")), randomBytes(10, 3));
    assertThat(io.newInputFile(location("t/a")).exists()).isTrue();
  }

  @Test
  public void survivesSerialization() throws Exception {
    String location = location("serialized.bin");
    byte[] content = randomBytes(300, 19);
    write(io.newOutputFile(location), content);

    FileIO copy = roundTrip(io);
    try {
      assertThat(copy).isNotSameAs(io).hasSameClassAs(io);
      assertThat(copy.properties()).isEqualTo(io.properties());
      assertThat(read(copy.newInputFile(location))).isEqualTo(content);
      byte[] other = randomBytes(40, 20);
      write(copy.newOutputFile(location("from-copy.bin")), other);
      assertThat(read(io.newInputFile(location("from-copy.bin")))).isEqualTo(other);
    } finally {
      copy.close();
    }
  }

  // ---- helpers for this suite and its subclasses ----

  /** Creates {@code output} with {@code content}. */
  protected static void write(OutputFile output, byte[] content) {
    try (PositionOutputStream out = output.create()) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole content of {@code input}; fine for the small files of tests. */
  protected static byte[] read(InputFile input) {
    try (InputStream in = input.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  protected static FileIO roundTrip(FileIO fileIO) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(fileIO);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (FileIO) in.readObject();
    }
  }

  private static void readFully(InputStream in, byte[] target) throws IOException {
    int read = 0;
    while (read < target.length) {
      int n = in.read(target, read, target.length - read);
      assertThat(n).as("read returned end of stream early").isPositive();
      read += n;
    }
  }

  private static byte[] slice(byte[] bytes, int offset, int length) {
    byte[] result = new byte[length];
    System.arraycopy(bytes, offset, result, 0, length);
    return result;
  }
}
