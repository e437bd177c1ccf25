package io.datashard.internal.io;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local file to write. Every stream writes a hidden temporary file next to the target and
 * publishes it when closed, so readers never see partial content under the target's name.
 */
final class LocalOutputFile implements OutputFile {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOutputFile.class);
  private static final int BUFFER_SIZE = 64 * 1024;
  // Keeps temporary names within the usual 255-byte limit for long target names.
  private static final int MAX_NAME_IN_TEMP = 100;

  private final String location;
  private final Path path;
  private final boolean hardLinks;

  LocalOutputFile(String location, Path path, boolean hardLinks) {
    this.location = location;
    this.path = path;
    this.hardLinks = hardLinks;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public PositionOutputStream create() {
    // An early check so that a writer that has already lost does not write the whole file first;
    // the check that decides the race is the one at publish time.
    if (Files.exists(path)) {
      throw alreadyExists(null);
    }
    return open(true);
  }

  @Override
  public PositionOutputStream createOrOverwrite() {
    return open(false);
  }

  @Override
  public InputFile toInputFile() {
    return new LocalInputFile(location, path, -1);
  }

  @Override
  public String toString() {
    return location;
  }

  private PositionOutputStream open(boolean exclusive) {
    Path target = path.toAbsolutePath();
    Path parent = target.getParent();
    if (parent == null || target.getFileName() == null) {
      throw new IllegalArgumentException("Cannot write " + location + ": it names no file");
    }
    String name = target.getFileName().toString();
    if (name.length() > MAX_NAME_IN_TEMP) {
      name = name.substring(0, MAX_NAME_IN_TEMP);
    }
    Path temp = parent.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(parent);
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new LocalPositionOutputStream(temp, channel, exclusive);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to open " + location + " for writing", e);
    }
  }

  private void publish(Path temp, boolean exclusive) throws IOException {
    try {
      if (!exclusive) {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else if (!hardLinks || !publishWithLink(temp)) {
        // Without hard links there is no atomic create-if-absent: move() without REPLACE_EXISTING
        // checks that the target is absent and then renames, and rename(2) replaces a file that
        // appears in between. Two racing writers can then both succeed, the later one silently
        // replacing the earlier, so commits on such a file system are only safe with one writer.
        Files.move(temp, path);
      }
    } catch (FileAlreadyExistsException e) {
      deleteTemp(temp, e);
      throw alreadyExists(e);
    } catch (IOException e) {
      IOException failure = new IOException("Failed to publish " + location + " from " + temp, e);
      deleteTemp(temp, failure);
      throw failure;
    }
  }

  /**
   * Links the target name to the finished temporary file; linking fails atomically if the target
   * exists. Returns false if the file system does not support hard links.
   */
  private boolean publishWithLink(Path temp) throws IOException {
    try {
      Files.createLink(path, temp);
    } catch (UnsupportedOperationException e) {
      LOG.debug("Hard links are not supported for {}, publishing with a rename", location, e);
      return false;
    } catch (FileSystemException e) {
      // Subclasses (already exists, access denied, no such file) are real failures; a plain
      // FileSystemException from link(2) in the same directory is EPERM or EOPNOTSUPP, which file
      // systems without hard links (FAT, some FUSE and network mounts) return.
      if (e.getClass() != FileSystemException.class) {
        throw e;
      }
      LOG.debug("Hard links failed for {}, publishing with a rename", location, e);
      return false;
    }
    try {
      Files.delete(temp);
    } catch (IOException e) {
      // The content is published and complete; failing now would tell a committer that its
      // commit failed when it succeeded. The leftover is a hidden file that orphan cleanup removes.
      LOG.warn("Created {} but could not delete the temporary file {}", location, temp, e);
    }
    return true;
  }

  private static void deleteTemp(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private AlreadyExistsException alreadyExists(Exception cause) {
    return new AlreadyExistsException("Cannot create " + location + ": the file already exists "
        + "(another writer may have created it first). Write to a new location, or use "
        + "createOrOverwrite() to replace the file", cause);
  }

  private final class LocalPositionOutputStream extends PositionOutputStream {
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final boolean exclusive;
    private long position = 0;
    private boolean closed = false;
    private boolean failed = false;

    LocalPositionOutputStream(Path temp, FileChannel channel, boolean exclusive) {
      this.temp = temp;
      this.channel = channel;
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
      this.exclusive = exclusive;
    }

    @Override
    public long position() throws IOException {
      checkOpen();
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      checkOpen();
      try {
        out.write(b);
      } catch (IOException e) {
        throw writeFailed(e);
      }
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw writeFailed(e);
      }
      position += length;
    }

    @Override
    public void flush() throws IOException {
      checkOpen();
      try {
        out.flush();
      } catch (IOException e) {
        throw writeFailed(e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (failed) {
        IOException failure = new IOException("Discarded " + location + ": a write to it failed, "
            + "so its content is incomplete and was not published");
        discard(failure);
        throw failure;
      }
      try {
        out.flush();
        // Forced before publishing so that a crash cannot leave a published file without content.
        channel.force(false);
        channel.close();
      } catch (IOException e) {
        IOException failure = new IOException("Failed to write " + location, e);
        discard(failure);
        throw failure;
      }
      publish(temp, exclusive);
    }

    private void discard(IOException failure) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
      deleteTemp(temp, failure);
    }

    private IOException writeFailed(IOException e) {
      failed = true;
      return new IOException("Failed to write " + location, e);
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("Cannot write to " + location + ": the stream is closed");
      }
    }
  }
}
