package io.datashard;

import java.util.Locale;

/** Formats of data and delete files, written in manifests in upper case as the spec requires. */
public enum FileFormat {
  PARQUET("parquet"),
  AVRO("avro"),
  ORC("orc"),
  PUFFIN("puffin");

  private final String extension;

  FileFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }

  public String addExtension(String fileName) {
    return fileName.endsWith("." + extension) ? fileName : fileName + "." + extension;
  }

  public static FileFormat fromString(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown file format '" + value + "': expected parquet, avro, orc or puffin", e);
    }
  }
}
