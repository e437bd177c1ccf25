package io.datashard.flink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A split enumerator context that runs async calls on demand, in the test thread, and records assignments. */
final class FakeEnumeratorContext implements SplitEnumeratorContext<DatashardSourceSplit> {
  final Map<Integer, ReaderInfo> readers = new HashMap<>();
  final List<DatashardSourceSplit> assigned = new ArrayList<>();
  final Map<Integer, List<DatashardSourceSplit>> assignedTo = new HashMap<>();
  final Set<Integer> noMoreSplits = new HashSet<>();
  private final List<Runnable> oneShot = new ArrayList<>();
  private final List<Runnable> periodic = new ArrayList<>();

  FakeEnumeratorContext(int parallelism) {
    for (int i = 0; i < parallelism; i++) {
      readers.put(i, new ReaderInfo(i, "localhost"));
    }
  }

  /** Runs pending one-shot calls and one round of the periodic ones, with their handlers. */
  void runAsync() {
    List<Runnable> calls = new ArrayList<>(oneShot);
    oneShot.clear();
    calls.addAll(periodic);
    for (Runnable call : calls) {
      call.run();
    }
  }

  @Override
  public SplitEnumeratorMetricGroup metricGroup() {
    return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
  }

  @Override
  public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
  }

  @Override
  public int currentParallelism() {
    return readers.size();
  }

  @Override
  public Map<Integer, ReaderInfo> registeredReaders() {
    return readers;
  }

  @Override
  public void assignSplits(SplitsAssignment<DatashardSourceSplit> assignment) {
    assignment.assignment().forEach((reader, splits) -> {
      assigned.addAll(splits);
      assignedTo.computeIfAbsent(reader, r -> new ArrayList<>()).addAll(splits);
    });
  }

  @Override
  public void signalNoMoreSplits(int subtask) {
    noMoreSplits.add(subtask);
  }

  @Override
  public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
    oneShot.add(() -> call(callable, handler));
  }

  @Override
  public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
    periodic.add(() -> call(callable, handler));
  }

  private static <T> void call(Callable<T> callable, BiConsumer<T, Throwable> handler) {
    T result;
    try {
      result = callable.call();
    } catch (Throwable e) {
      handler.accept(null, e);
      return;
    }
    handler.accept(result, null);
  }

  @Override
  public void runInCoordinatorThread(Runnable runnable) {
    runnable.run();
  }
}
