package io.datashard.puffin;

import java.util.Optional;

/** Compression of a Puffin blob or footer payload, as named in the footer's {@code compression-codec}. */
public enum PuffinCompressionCodec {
  /** Not compressed; the footer omits {@code compression-codec}. */
  NONE(null),
  /** A single LZ4 frame with the content size present. */
  LZ4("lz4"),
  /** A single Zstandard frame with the content size present. */
  ZSTD("zstd");

  private final String codecName;

  PuffinCompressionCodec(String codecName) {
    this.codecName = codecName;
  }

  /** The name written in the footer; empty for {@link #NONE}. */
  public Optional<String> codecName() {
    return Optional.ofNullable(codecName);
  }

  /**
   * The codec for a footer's {@code compression-codec} value.
   *
   * @throws IllegalArgumentException if the name is not one the Puffin spec allows
   */
  public static PuffinCompressionCodec forName(String name) {
    for (PuffinCompressionCodec codec : values()) {
      if (name.equals(codec.codecName)) {
        return codec;
      }
    }
    throw new IllegalArgumentException("Unknown Puffin compression codec '" + name + "': the spec allows lz4 and zstd, or none");
  }
}
