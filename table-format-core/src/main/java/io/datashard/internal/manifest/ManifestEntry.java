package io.datashard.internal.manifest;

import io.datashard.ContentFile;
import java.util.Objects;

/**
 * One entry of a manifest: a data or delete file with the status it has in the snapshot that wrote
 * the manifest, the snapshot that added (or deleted) it, and its sequence numbers.
 *
 * <p>Entries read through {@link ManifestReader#read} carry the values inherited from the manifest
 * list, so the snapshot id and, for v2+ manifests, the sequence numbers are set. A value stays null
 * only where the spec gives nothing to inherit (for example a sequence number of an entry of a
 * manifest that has not been committed yet).
 *
 * @param status whether the file was added, kept or deleted by the manifest's snapshot
 * @param snapshotId the snapshot that added the file, or that deleted it for {@link Status#DELETED}
 * @param dataSequenceNumber the data sequence number (the spec's {@code sequence_number}), or null
 * @param fileSequenceNumber the sequence number of the snapshot that added the file, or null
 * @param file the file, carrying the same sequence numbers
 */
public record ManifestEntry(
    Status status, Long snapshotId, Long dataSequenceNumber, Long fileSequenceNumber, ContentFile file) {

  /** The spec's entry status, with its integer ids. */
  public enum Status {
    EXISTING(0),
    ADDED(1),
    DELETED(2);

    private final int id;

    Status(int id) {
      this.id = id;
    }

    public int id() {
      return id;
    }

    /**
     * @throws IllegalArgumentException for an id other than 0, 1 or 2
     */
    public static Status fromId(int id) {
      return switch (id) {
        case 0 -> EXISTING;
        case 1 -> ADDED;
        case 2 -> DELETED;
        default -> throw new IllegalArgumentException(
            "Unknown manifest entry status " + id + ": expected 0 (existing), 1 (added) or 2 (deleted)");
      };
    }
  }

  public ManifestEntry {
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(file, "file is null");
  }

  /** Whether the file is part of the table in the manifest's snapshot (added or existing). */
  public boolean isLive() {
    return status != Status.DELETED;
  }
}
