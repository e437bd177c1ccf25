package io.datashard.internal.manifest;

import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import io.datashard.internal.manifest.ManifestEntryDecoder.Inheritance;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the entries of a manifest, streaming: each iterator opens the file and decodes one entry at
 * a time, so manifests of any size read in constant memory. Entries carry the values they inherit
 * from the manifest list (see {@link ManifestEntry}). Manifests of format versions 1, 2 and 3 are
 * read, written by Datashard or by any other implementation of the spec.
 *
 * <p>Iterators throw {@link CorruptMetadataException}, naming the manifest, when the file is not
 * Avro, is truncated, or lacks fields the spec requires.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /**
   * Every entry of a manifest (added, existing and deleted), with inherited values applied.
   *
   * @param specsById the table's partition specs; the manifest's spec must be among them
   */
  public static CloseableIterable<ManifestEntry> read(FileIO io, ManifestFile manifest, Map<Integer, PartitionSpec> specsById) {
    return read(io, manifest, specsById, true);
  }

  /**
   * Like {@link #read(FileIO, ManifestFile, Map)}; without {@code withStats} the files' column
   * statistics (column sizes, value, null and NaN counts, lower and upper bounds) are skipped by the
   * Avro decoder and read as empty.
   */
  public static CloseableIterable<ManifestEntry> read(
      FileIO io, ManifestFile manifest, Map<Integer, PartitionSpec> specsById, boolean withStats) {
    Objects.requireNonNull(io, "io is null");
    Objects.requireNonNull(manifest, "manifest is null");
    Objects.requireNonNull(specsById, "specsById is null");
    PartitionSpec spec = specsById.get(manifest.partitionSpecId());
    if (spec == null) {
      throw new CorruptMetadataException(String.format(
          "Cannot read manifest %s: it was written with partition spec %d, which the table metadata does not define (specs: %s)",
          manifest.location(), manifest.partitionSpecId(), new TreeSet<>(specsById.keySet())));
    }
    InputFile file = io.newInputFile(manifest.location(), manifest.length());
    return () -> new EntryIterator(file, spec, Inheritance.of(manifest), manifest.length(), withStats);
  }

  /** The live entries (added and existing) of a manifest; see {@link #read(FileIO, ManifestFile, Map)}. */
  public static CloseableIterable<ManifestEntry> liveEntries(FileIO io, ManifestFile manifest, Map<Integer, PartitionSpec> specsById) {
    return liveEntries(io, manifest, specsById, true);
  }

  /** The live entries, with or without column statistics; see {@link #read(FileIO, ManifestFile, Map, boolean)}. */
  public static CloseableIterable<ManifestEntry> liveEntries(
      FileIO io, ManifestFile manifest, Map<Integer, PartitionSpec> specsById, boolean withStats) {
    // filtered after decoding, so that deleted entries cannot shift the first row ids of live ones
    return read(io, manifest, specsById, withStats).filter(ManifestEntry::isLive);
  }

  /**
   * The entries of a manifest file as stored, without a manifest list to inherit from: snapshot ids
   * and sequence numbers that the file leaves null stay null (except that v1 manifests, which have
   * no sequence numbers, read as sequence number 0).
   */
  public static CloseableIterable<ManifestEntry> read(InputFile file, PartitionSpec spec) {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(spec, "spec is null");
    return () -> new EntryIterator(file, spec, Inheritance.NONE, -1L, true);
  }

  /**
   * The key-value metadata of a manifest's Avro header: {@code schema}, {@code schema-id},
   * {@code partition-spec}, {@code partition-spec-id}, {@code format-version}, {@code content}, and
   * Avro's own {@code avro.*} keys.
   */
  public static Map<String, String> metadata(InputFile file) {
    Objects.requireNonNull(file, "file is null");
    try (AvroFileStream stream = AvroFileStream.open(file, "manifest", -1L)) {
      Map<String, String> result = new HashMap<>();
      for (String key : stream.avro().getMetaKeys()) {
        result.put(key, stream.avro().getMetaString(key));
      }
      return Map.copyOf(result);
    }
  }

  private static final class EntryIterator implements CloseableIterator<ManifestEntry> {
    private final AvroFileStream stream;
    private final ManifestEntryDecoder decoder;

    EntryIterator(InputFile file, PartitionSpec spec, Inheritance inheritance, long expectedLength, boolean withStats) {
      this.stream = AvroFileStream.open(file, "manifest", expectedLength);
      try {
        org.apache.avro.Schema schema = stream.avro().getSchema();
        if (!withStats) {
          schema = ManifestStatsProjection.withoutStats(schema);
          stream.expect(schema);
        }
        this.decoder = new ManifestEntryDecoder(schema, spec, inheritance, file.location());
      } catch (RuntimeException e) {
        stream.closeAfterFailure(e);
        throw e;
      }
    }

    @Override
    public boolean hasNext() {
      return stream.hasNext();
    }

    @Override
    public ManifestEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      GenericRecord record = stream.next();
      try {
        return decoder.decode(record);
      } catch (DatashardException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new CorruptMetadataException(
            "Cannot read manifest " + stream.location() + ": an entry has an invalid value: " + e, e);
      }
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}
