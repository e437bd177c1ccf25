package io.datashard.internal.scan;

import io.datashard.exceptions.DatashardException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concatenates iterables, reading them on an executor: a few sources at a time run as tasks that
 * feed a bounded queue, which the consuming thread drains. Memory stays bounded by the queue and
 * the number of sources in flight, however many sources there are. Order is not preserved.
 * Closing the iterator stops the producers, which close their sources.
 */
final class ParallelIterable<T> implements CloseableIterable<T> {
  private static final int QUEUE_CAPACITY = 1024;

  private final List<? extends CloseableIterable<T>> sources;
  private final ExecutorService executor;
  private final int maxInFlight;

  ParallelIterable(List<? extends CloseableIterable<T>> sources, ExecutorService executor, int maxInFlight) {
    this.sources = List.copyOf(sources);
    this.executor = Objects.requireNonNull(executor, "executor is null");
    this.maxInFlight = Math.max(1, maxInFlight);
  }

  @Override
  public CloseableIterator<T> iterator() {
    return new ParallelIterator();
  }

  private final class ParallelIterator implements CloseableIterator<T> {
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Future<?>> futures = new ArrayList<>();
    private volatile boolean closed = false;
    private int submitted = 0;
    private T pending = null;

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      try {
        while (pending == null) {
          rethrowFailure();
          submitMore();
          boolean allDone = submitted == sources.size() && finished.get() == submitted;
          // a producer counts itself finished only after its last offer, so one more poll sees everything
          pending = allDone ? queue.poll() : queue.poll(10, TimeUnit.MILLISECONDS);
          if (pending == null && allDone) {
            rethrowFailure();
            return false;
          }
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new DatashardException("Interrupted while planning a scan", e);
      }
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T result = pending;
      pending = null;
      return result;
    }

    private void submitMore() {
      while (submitted < sources.size() && submitted - finished.get() < maxInFlight) {
        CloseableIterable<T> source = sources.get(submitted);
        futures.add(executor.submit(() -> produce(source)));
        submitted += 1;
      }
    }

    private void produce(CloseableIterable<T> source) {
      try {
        if (closed) {
          return;
        }
        try (CloseableIterator<T> items = source.iterator()) {
          while (!closed && items.hasNext()) {
            T item = items.next();
            while (!queue.offer(item, 10, TimeUnit.MILLISECONDS)) {
              if (closed) {
                return;
              }
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        finished.incrementAndGet();
      }
    }

    private void rethrowFailure() {
      Throwable t = failure.get();
      if (t != null) {
        close();
        if (t instanceof RuntimeException) {
          throw (RuntimeException) t;
        } else if (t instanceof Error) {
          throw (Error) t;
        }
        throw new DatashardException("Failed to read a manifest while planning a scan: " + t, t);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        for (Future<?> future : futures) {
          future.cancel(false); // running producers stop at their next item and close their source
        }
        queue.clear();
        pending = null;
      }
    }
  }
}
