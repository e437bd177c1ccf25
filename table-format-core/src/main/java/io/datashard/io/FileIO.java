package io.datashard.io;

import java.io.Closeable;
import java.io.Serializable;
import java.util.Map;

/**
 * Reads, writes and deletes files by location. This is the only way Datashard touches storage, so
 * a table works on any storage that has an implementation (local disk, memory, S3).
 *
 * <p>Implementations are thread-safe and serializable: a {@code FileIO} travels with scan and write
 * tasks to Spark executors and Flink task managers. Extra abilities are opt-in mixins such as
 * {@link SupportsBulkDelete} and {@link SupportsPrefixListing}. Obtain one for a location with
 * {@link FileIOs#forLocation(String, Map)}.
 */
public interface FileIO extends Closeable, Serializable {

  /** An input file at {@code location}; nothing is checked until the file is used. */
  InputFile newInputFile(String location);

  /**
   * An input file whose length the caller already knows (for example from a manifest entry), which
   * saves a metadata request. {@link InputFile#length()} returns {@code length} as given.
   */
  InputFile newInputFile(String location, long length);

  /** An output file at {@code location}; nothing is written until a stream is opened. */
  OutputFile newOutputFile(String location);

  /** Deletes the file at {@code location}; deleting a file that does not exist does nothing. */
  void deleteFile(String location);

  /**
   * Configures this instance from catalog or table properties. Called once, right after
   * construction and before any other method.
   */
  default void initialize(Map<String, String> properties) {
  }

  /** The properties this instance was initialized with. */
  default Map<String, String> properties() {
    return Map.of();
  }

  /** Releases clients and pools this instance holds; files it returned must not be used after. */
  @Override
  default void close() {
  }
}
