package io.datashard.internal.commit;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.io.SeekableInputStream;
import io.datashard.io.SupportsPrefixListing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link FileIO} over a real one that fails at chosen points, randomly with a seeded
 * {@link Random} or on demand, to test what commits do when storage misbehaves.
 *
 * <p>Writes are buffered and handed to the delegate only when the stream is closed, which models
 * storage whose files appear atomically on close: a stream that fails mid-write publishes nothing.
 * {@link Point#PUBLISH_THEN_FAIL} publishes the file and then throws, the case where a caller
 * cannot know whether its write took effect.
 */
final class FaultInjectingFileIO implements FileIO, SupportsPrefixListing {
  private static final long serialVersionUID = 1L;

  /** Where a fault can happen. */
  enum Point {
    /** {@code OutputFile.create()} / {@code createOrOverwrite()} throws before anything is written. */
    CREATE,
    /** A write to an output stream throws; the stream then publishes nothing. */
    WRITE,
    /** {@code close()} of an output stream throws before publishing. */
    CLOSE,
    /** {@code close()} of an output stream publishes the file, then throws. */
    PUBLISH_THEN_FAIL,
    /** {@code InputFile.newStream()} throws. */
    OPEN,
    /** A read of an input stream throws. */
    READ,
    /** {@code InputFile.exists()} throws. */
    EXISTS,
    /** {@code deleteFile} throws without deleting. */
    DELETE
  }

  /** Thrown instead of an I/O error to simulate the process dying at a point: nothing catches Errors. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(String message) {
      super(message);
    }
  }

  private final FileIO delegate;
  private final transient Random random;
  private final Map<Point, Double> rates = new EnumMap<>(Point.class);
  private final transient Map<Point, List<OneShot>> oneShots = new ConcurrentHashMap<>();
  private final transient Map<Point, AtomicInteger> injected = new ConcurrentHashMap<>();
  private final transient List<String> published = new ArrayList<>();
  private final transient List<OneShot> publishHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final transient List<String> failedDeletes = new ArrayList<>();
  private volatile Predicate<String> randomTargets = location -> true;
  private volatile boolean enabled = true;

  /** A fault that fires once, at the first matching location. */
  private record OneShot(Predicate<String> location, Runnable before, boolean crash) {
  }

  FaultInjectingFileIO(FileIO delegate, long seed) {
    this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    this.random = new Random(seed);
  }

  /** Fails at {@code point} with probability {@code rate}, for locations chosen by {@link #onlyFor}. */
  FaultInjectingFileIO failRandomly(Point point, double rate) {
    rates.put(point, rate);
    return this;
  }

  /** Random faults only for matching locations (all by default). */
  FaultInjectingFileIO onlyFor(Predicate<String> locations) {
    this.randomTargets = Objects.requireNonNull(locations, "locations is null");
    return this;
  }

  /** Fails once at {@code point} for the next matching location, with an I/O error. */
  FaultInjectingFileIO failOnce(Point point, Predicate<String> location) {
    return failOnce(point, location, () -> { });
  }

  /** Runs {@code before} and then fails once at {@code point} for the next matching location. */
  FaultInjectingFileIO failOnce(Point point, Predicate<String> location, Runnable before) {
    oneShots.computeIfAbsent(point, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(new OneShot(location, before, false));
    return this;
  }

  /** Throws {@link Crash} once at {@code point} for the next matching location. */
  FaultInjectingFileIO crashOnce(Point point, Predicate<String> location) {
    oneShots.computeIfAbsent(point, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(new OneShot(location, () -> { }, true));
    return this;
  }

  /** Runs {@code action} once, right before the next matching file is published; no fault. */
  FaultInjectingFileIO beforePublishOnce(Predicate<String> location, Runnable action) {
    publishHooks.add(new OneShot(location, action, false));
    return this;
  }

  private void runPublishHooks(String location) {
    for (OneShot hook : publishHooks) {
      if (hook.location().test(location) && publishHooks.remove(hook)) {
        hook.before().run();
      }
    }
  }

  /** Turns all faults on or off. */
  void enabled(boolean on) {
    this.enabled = on;
  }

  int injected(Point point) {
    AtomicInteger count = injected.get(point);
    return count == null ? 0 : count.get();
  }

  int injectedTotal() {
    int total = 0;
    for (AtomicInteger count : injected.values()) {
      total += count.get();
    }
    return total;
  }

  /** Locations published through this FileIO, in order. */
  synchronized List<String> published() {
    return List.copyOf(published);
  }

  /** Locations whose delete failed because of an injected fault. */
  synchronized List<String> failedDeletes() {
    return List.copyOf(failedDeletes);
  }

  private synchronized void recordPublished(String location) {
    published.add(location);
  }

  /** Throws if a fault fires at {@code point} for {@code location}. */
  private void maybeFail(Point point, String location) throws IOException {
    if (!enabled) {
      return;
    }
    List<OneShot> shots = oneShots.get(point);
    if (shots != null) {
      for (OneShot shot : shots) {
        if (shot.location().test(location) && shots.remove(shot)) {
          shot.before().run();
          count(point);
          if (shot.crash()) {
            throw new Crash("Injected crash at " + point + " of " + location);
          }
          throw new IOException("Injected fault at " + point + " of " + location);
        }
      }
    }
    Double rate = rates.get(point);
    if (rate != null && randomTargets.test(location)) {
      boolean fire;
      synchronized (random) {
        fire = random.nextDouble() < rate;
      }
      if (fire) {
        count(point);
        throw new IOException("Injected random fault at " + point + " of " + location);
      }
    }
  }

  private void count(Point point) {
    injected.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
  }

  private void failUnchecked(Point point, String location) {
    try {
      maybeFail(point, location);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed at " + location, e);
    }
  }

  @Override
  public InputFile newInputFile(String location) {
    return new FaultyInputFile(delegate.newInputFile(location));
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new FaultyInputFile(delegate.newInputFile(location, length));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new FaultyOutputFile(delegate.newOutputFile(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      maybeFail(Point.DELETE, location);
    } catch (IOException e) {
      synchronized (this) {
        failedDeletes.add(location);
      }
      throw new RuntimeIOException("Failed to delete file " + location, e);
    }
    delegate.deleteFile(location);
  }

  @Override
  public CloseableIterable<FileInfo> listPrefix(String prefix) {
    return ((SupportsPrefixListing) delegate).listPrefix(prefix);
  }

  @Override
  public void deletePrefix(String prefix) {
    ((SupportsPrefixListing) delegate).deletePrefix(prefix);
  }

  private final class FaultyInputFile implements InputFile {
    private final InputFile file;

    FaultyInputFile(InputFile file) {
      this.file = file;
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public long length() {
      return file.length();
    }

    @Override
    public SeekableInputStream newStream() {
      failUnchecked(Point.OPEN, file.location());
      return new FaultyInputStream(file.location(), file.newStream());
    }

    @Override
    public boolean exists() {
      failUnchecked(Point.EXISTS, file.location());
      return file.exists();
    }
  }

  private final class FaultyInputStream extends SeekableInputStream {
    private final String location;
    private final SeekableInputStream in;

    FaultyInputStream(String location, SeekableInputStream in) {
      this.location = location;
      this.in = in;
    }

    @Override
    public long position() throws IOException {
      return in.position();
    }

    @Override
    public void seek(long newPosition) throws IOException {
      in.seek(newPosition);
    }

    @Override
    public int read() throws IOException {
      maybeFail(Point.READ, location);
      return in.read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      maybeFail(Point.READ, location);
      return in.read(bytes, offset, length);
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
      maybeFail(Point.READ, location);
      in.readFully(position, buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private final class FaultyOutputFile implements OutputFile {
    private final OutputFile file;

    FaultyOutputFile(OutputFile file) {
      this.file = file;
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public PositionOutputStream create() {
      failUnchecked(Point.CREATE, file.location());
      if (file.toInputFile().exists()) {
        throw new AlreadyExistsException("Cannot create " + file.location() + ": the file already exists");
      }
      return new BufferingStream(file, true);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      failUnchecked(Point.CREATE, file.location());
      return new BufferingStream(file, false);
    }

    @Override
    public InputFile toInputFile() {
      return new FaultyInputFile(file.toInputFile());
    }
  }

  /** Buffers the content and publishes it through the delegate on close, unless a write failed. */
  private final class BufferingStream extends PositionOutputStream {
    private final OutputFile file;
    private final boolean exclusive;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean failed = false;
    private boolean closed = false;

    BufferingStream(OutputFile file, boolean exclusive) {
      this.file = file;
      this.exclusive = exclusive;
    }

    @Override
    public long position() {
      return buffer.size();
    }

    @Override
    public void write(int b) throws IOException {
      checkWritable();
      buffer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkWritable();
      buffer.write(bytes, offset, length);
    }

    private void checkWritable() throws IOException {
      if (closed) {
        throw new IOException("Stream of " + file.location() + " is closed");
      }
      try {
        maybeFail(Point.WRITE, file.location());
      } catch (IOException | Crash e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (failed) {
        throw new IOException("Discarded " + file.location() + ": a write to it failed");
      }
      maybeFail(Point.CLOSE, file.location());
      runPublishHooks(file.location());
      try (OutputStream out = exclusive ? file.create() : file.createOrOverwrite()) {
        buffer.writeTo(out);
      }
      recordPublished(file.location());
      maybeFail(Point.PUBLISH_THEN_FAIL, file.location());
    }
  }
}
