package io.datashard.flink.source;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

/**
 * The source reader: one fetcher thread reads the splits (see {@link DatashardSplitReader}), the task
 * thread emits their rows and keeps each split's position, which is what a checkpoint stores. The
 * reader asks the enumerator for one split at a time, so splits are read in the order they are
 * assigned.
 */
final class DatashardSourceReader
    extends SingleThreadMultiplexSourceReaderBase<RowPosition, RowData, DatashardSourceSplit, DatashardSourceReader.SplitState> {
  private final Counter splitsFinished;

  DatashardSourceReader(Supplier<TaskRows> rowsFactory, long limit, int watermarkPosition,
      WatermarkReader watermarkReader, SourceReaderContext context) {
    this(rowsFactory, limit, new Emitter(watermarkPosition, watermarkReader), context,
        context.metricGroup().counter("datashardRecordsRead"));
  }

  private DatashardSourceReader(Supplier<TaskRows> rowsFactory, long limit, Emitter emitter, SourceReaderContext context,
      Counter recordsRead) {
    // batches of the core reader's size (4,096 rows): fewer hand-overs from the fetcher to the task thread
    super(() -> new DatashardSplitReader(rowsFactory, 4096, limit, recordsRead), emitter,
        context.getConfiguration(), context);
    this.splitsFinished = context.metricGroup().counter("datashardSplitsFinished");
  }

  @Override
  public void start() {
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, SplitState> finished) {
    splitsFinished.inc(finished.size());
    context.sendSplitRequest();
  }

  @Override
  protected SplitState initializedState(DatashardSourceSplit split) {
    return new SplitState(split);
  }

  @Override
  protected DatashardSourceSplit toSplitType(String splitId, SplitState state) {
    return state.split.withPosition(state.fileOffset, state.recordOffset);
  }

  /** The position of a split being read, updated by the emitter after each row. */
  static final class SplitState {
    private final DatashardSourceSplit split;
    private int fileOffset;
    private long recordOffset;
    private boolean watermarkEmitted;

    SplitState(DatashardSourceSplit split) {
      this.split = split;
      this.fileOffset = split.fileOffset();
      this.recordOffset = split.recordOffset();
    }
  }

  /** Reads the event time of a row from the watermark column. */
  @FunctionalInterface
  interface WatermarkReader extends java.io.Serializable {
    long millis(RowData row, int position);
  }

  /** Emits rows, moves split positions, and emits each split's watermark before its first row. */
  private static final class Emitter implements RecordEmitter<RowPosition, RowData, SplitState> {
    private final int watermarkPosition;
    private final WatermarkReader watermarkReader;
    private long lastWatermark = Long.MIN_VALUE;

    Emitter(int watermarkPosition, WatermarkReader watermarkReader) {
      this.watermarkPosition = watermarkPosition;
      this.watermarkReader = watermarkReader;
    }

    @Override
    public void emitRecord(RowPosition element, SourceOutput<RowData> output, SplitState state) {
      if (!state.watermarkEmitted) {
        state.watermarkEmitted = true;
        long watermark = state.split.watermarkMillis();
        if (watermark != Long.MIN_VALUE && watermark > lastWatermark) {
          // the split's files hold no older event time than their smallest lower bound
          output.emitWatermark(new Watermark(watermark));
          lastWatermark = watermark;
        }
      }
      if (watermarkPosition >= 0 && !element.row.isNullAt(watermarkPosition)) {
        output.collect(element.row, watermarkReader.millis(element.row, watermarkPosition));
      } else {
        output.collect(element.row);
      }
      state.fileOffset = element.fileOffset;
      state.recordOffset = element.recordOffset;
    }
  }
}
