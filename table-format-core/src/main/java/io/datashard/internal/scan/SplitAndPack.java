package io.datashard.internal.scan;

import io.datashard.FileFormat;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns planned files into read tasks: splits each file into ranges of about the target size, on
 * its split offsets (row-group starts) when it has valid ones and at fixed sizes otherwise, then
 * packs the ranges into tasks.
 *
 * <p>Packing is first-fit with lookback, streaming: at most {@code lookback} tasks are open; a range
 * goes into the first open task it fits in (by weight, up to the target size); when it fits in none
 * and {@code lookback} tasks are open, the oldest open task is emitted to make room. A range weighs
 * its bytes plus its delete files, but at least the open-file cost once per file it opens, so that
 * tasks of many tiny files are not packed too densely.
 */
public final class SplitAndPack {
  private SplitAndPack() {}

  public static CloseableIterable<FileScanTask> split(CloseableIterable<FileScanTask> tasks, long targetSize) {
    return () -> new FlatMapIterator(tasks.iterator(), targetSize);
  }

  /** The ranges of one file. */
  public static List<FileScanTask> split(FileScanTask task, long targetSize) {
    if (targetSize <= 0) {
      throw new IllegalArgumentException("Split target size must be positive: " + targetSize);
    }
    FileFormat format = task.file().format();
    if (format != FileFormat.PARQUET && format != FileFormat.AVRO && format != FileFormat.ORC) {
      return List.of(task);
    }
    List<Long> offsets = task.file().splitOffsets().orElse(null);
    long fileEnd = task.start() + task.length();
    List<FileScanTask> result = new ArrayList<>();
    if (offsets != null && validOffsets(offsets, task.start(), fileEnd)) {
      int i = 0;
      while (i < offsets.size()) {
        long start = offsets.get(i);
        int last = i; // always one row group; more while the range stays within the target
        while (last + 1 < offsets.size() && endOf(offsets, last + 1, fileEnd) - start <= targetSize) {
          last += 1;
        }
        result.add(task.withRange(start, endOf(offsets, last, fileEnd) - start));
        i = last + 1;
      }
      return result;
    }
    if (task.length() <= targetSize) {
      return List.of(task);
    }
    for (long start = task.start(); start < fileEnd; start += targetSize) {
      result.add(task.withRange(start, Math.min(targetSize, fileEnd - start)));
    }
    return result;
  }

  /** End of the row group at index {@code i}: the next offset, or the end of the file. */
  private static long endOf(List<Long> offsets, int i, long fileEnd) {
    return i + 1 < offsets.size() ? offsets.get(i + 1) : fileEnd;
  }

  private static boolean validOffsets(List<Long> offsets, long start, long end) {
    if (offsets.isEmpty() || offsets.get(0) < start) {
      return false;
    }
    for (int i = 1; i < offsets.size(); i += 1) {
      if (offsets.get(i) <= offsets.get(i - 1)) {
        return false;
      }
    }
    return offsets.get(offsets.size() - 1) < end;
  }

  public static CloseableIterable<CombinedScanTask> pack(
      CloseableIterable<FileScanTask> ranges, long targetSize, int lookback, long openFileCost) {
    if (lookback <= 0) {
      throw new IllegalArgumentException("Split planning lookback must be positive: " + lookback);
    }
    if (openFileCost < 0) {
      throw new IllegalArgumentException("Split open-file cost must not be negative: " + openFileCost);
    }
    return () -> new PackingIterator(ranges.iterator(), targetSize, lookback, openFileCost);
  }

  static long weight(FileScanTask task, long openFileCost) {
    return Math.max(task.sizeBytes(), task.filesCount() * openFileCost);
  }

  private static final class FlatMapIterator implements CloseableIterator<FileScanTask> {
    private final CloseableIterator<FileScanTask> tasks;
    private final long targetSize;
    private Iterator<FileScanTask> current = java.util.Collections.emptyIterator();

    FlatMapIterator(CloseableIterator<FileScanTask> tasks, long targetSize) {
      this.tasks = tasks;
      this.targetSize = targetSize;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && tasks.hasNext()) {
        current = split(tasks.next(), targetSize).iterator();
      }
      return current.hasNext();
    }

    @Override
    public FileScanTask next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      tasks.close();
    }
  }

  private static final class Bin {
    private final List<FileScanTask> tasks = new ArrayList<>();
    private long weight = 0;
  }

  private static final class PackingIterator implements CloseableIterator<CombinedScanTask> {
    private final CloseableIterator<FileScanTask> ranges;
    private final long targetSize;
    private final int lookback;
    private final long openFileCost;
    private final List<Bin> open = new ArrayList<>();
    private final Deque<Bin> ready = new ArrayDeque<>();

    PackingIterator(CloseableIterator<FileScanTask> ranges, long targetSize, int lookback, long openFileCost) {
      this.ranges = ranges;
      this.targetSize = targetSize;
      this.lookback = lookback;
      this.openFileCost = openFileCost;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && ranges.hasNext()) {
        add(ranges.next());
      }
      if (ready.isEmpty() && !open.isEmpty()) {
        ready.addAll(open);
        open.clear();
      }
      return !ready.isEmpty();
    }

    private void add(FileScanTask range) {
      long weight = weight(range, openFileCost);
      for (Bin bin : open) {
        if (bin.weight + weight <= targetSize) {
          bin.tasks.add(range);
          bin.weight += weight;
          return;
        }
      }
      if (open.size() >= lookback) {
        ready.add(open.remove(0));
      }
      Bin bin = new Bin();
      bin.tasks.add(range);
      bin.weight = weight;
      open.add(bin);
    }

    @Override
    public CombinedScanTask next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return new CombinedScanTask(ready.poll().tasks);
    }

    @Override
    public void close() {
      ranges.close();
    }
  }
}
