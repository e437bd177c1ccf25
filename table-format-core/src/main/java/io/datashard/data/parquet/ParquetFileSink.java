package io.datashard.data.parquet;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written through parquet-mr's public column store API: the row groups' column
 * writers are handed to a {@link RecordWriteSupport}, which writes each value straight into its
 * column (or through a record consumer for nested schemas), and this class decides when a row group
 * is full, flushes it and writes the footer.
 *
 * <p>It makes the same file as parquet-mr's {@code ParquetWriter} with the same properties (same row
 * group size checks, page store, codec, footer metadata): the writer only skips the record-consumer
 * layer for flat schemas, which is where most of the per-value time went. Not thread-safe.
 */
final class ParquetFileSink {
  private static final String OBJECT_MODEL_KEY = "writer.model.name";
  private static final String OBJECT_MODEL = "datashard";

  private final ParquetFileWriter writer;
  private final MessageType schema;
  private final ParquetProperties props;
  private final RecordWriteSupport support;
  private final long rowGroupSizeThreshold;
  private final CompressionCodecFactory codecs;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private ColumnChunkPageWriteStore pageStore = null;
  private ColumnWriteStore columnStore = null;
  private long recordCount = 0; // in the open row group
  private long recordCountForNextMemCheck;
  private long nextRowGroupSize;
  private long lastRowGroupEndPos = 0;
  private int rowGroupOrdinal = 0;

  ParquetFileSink(OutputFile file, MessageType schema, ParquetProperties props, CompressionCodecName codec,
      long rowGroupSize, RecordWriteSupport support) throws IOException {
    this.schema = schema;
    this.props = props;
    this.support = support;
    this.rowGroupSizeThreshold = rowGroupSize;
    this.nextRowGroupSize = rowGroupSize;
    this.recordCountForNextMemCheck = props.getMinRowCountForPageSizeCheck();
    this.writer = new ParquetFileWriter(file, schema, ParquetFileWriter.Mode.CREATE, rowGroupSize,
        ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, props);
    writer.start();
    this.codecs = new CodecFactory(new PlainParquetConfiguration(), props.getPageSizeThreshold());
    try {
      this.compressor = codecs.getCompressor(codec);
      openRowGroup();
    } catch (RuntimeException e) {
      codecs.release();
      throw e;
    }
  }

  private void openRowGroup() {
    pageStore = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
        props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), writer.getEncryptor(), rowGroupOrdinal);
    columnStore = props.newColumnWriteStore(schema, pageStore, pageStore);
    support.bind(columnStore);
  }

  /** Counts a record the write support has written and ended, and flushes the row group when it is full. */
  void recordWritten() throws IOException {
    recordCount += 1;
    if (recordCount >= props.getRowGroupRowCountLimit()) {
      nextRowGroup();
    } else if (recordCount >= recordCountForNextMemCheck) {
      // measuring the buffered size walks every column, so it is done only now and then
      long memSize = columnStore.getBufferedSize();
      long recordSize = memSize / recordCount;
      // close the row group a little under its size rather than over it
      if (memSize > (nextRowGroupSize - 2 * recordSize)) {
        nextRowGroup();
      } else {
        recordCountForNextMemCheck = Math.min(
            Math.max(props.getMinRowCountForPageSizeCheck(),
                (recordCount + (long) (nextRowGroupSize / ((float) recordSize))) / 2),
            recordCount + props.getMaxRowCountForPageSizeCheck());
      }
    }
  }

  private void nextRowGroup() throws IOException {
    flushRowGroup();
    openRowGroup();
    recordCountForNextMemCheck = Math.min(
        Math.max(props.getMinRowCountForPageSizeCheck(), recordCount / 2), props.getMaxRowCountForPageSizeCheck());
    lastRowGroupEndPos = writer.getPos();
  }

  private void flushRowGroup() throws IOException {
    try {
      support.flush();
      if (recordCount > 0) {
        rowGroupOrdinal += 1;
        writer.startBlock(recordCount);
        columnStore.flush();
        pageStore.flushToFileWriter(writer);
        recordCount = 0;
        writer.endBlock();
        nextRowGroupSize = Math.min(writer.getNextRowGroupSize(), rowGroupSizeThreshold);
      }
    } finally {
      closeStores();
    }
  }

  private void closeStores() {
    ColumnWriteStore columns = columnStore;
    ColumnChunkPageWriteStore pages = pageStore;
    columnStore = null;
    pageStore = null;
    try {
      if (columns != null) {
        columns.close();
      }
    } finally {
      if (pages != null) {
        pages.close();
      }
    }
  }

  /** Bytes written plus the open row group's buffered size. */
  long dataSize() {
    return lastRowGroupEndPos + (columnStore == null ? 0 : columnStore.getBufferedSize());
  }

  /** Flushes the last row group and writes the footer with {@code metadata}; this closes the stream. */
  void close(Map<String, String> metadata) throws IOException {
    try {
      flushRowGroup();
      Map<String, String> footerMetadata = new HashMap<>(metadata);
      footerMetadata.put(OBJECT_MODEL_KEY, OBJECT_MODEL);
      writer.end(footerMetadata);
    } finally {
      closeStores();
      codecs.release();
    }
  }

  /** Releases the buffers and codecs of a file that will not be finished (its stream is left as it is). */
  void abandon() {
    try {
      closeStores();
    } finally {
      codecs.release();
    }
  }

  ParquetMetadata footer() {
    return writer.getFooter();
  }
}
