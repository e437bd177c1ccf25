package io.datashard.io;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An iterable whose iterators hold resources. Each call to {@link #iterator()} opens a new
 * iterator that the caller closes, normally with try-with-resources. {@link #close()} closes the
 * iterable itself and is a no-op unless an implementation holds a shared resource.
 */
public interface CloseableIterable<T> extends Iterable<T>, Closeable {

  @Override
  CloseableIterator<T> iterator();

  @Override
  default void close() {
  }

  static <T> CloseableIterable<T> empty() {
    return CloseableIterator::empty;
  }

  /** An iterable over an in-memory collection; its iterators hold nothing. */
  static <T> CloseableIterable<T> of(Iterable<T> items) {
    return () -> CloseableIterator.withClose(items.iterator(), () -> { });
  }

  default <R> CloseableIterable<R> map(Function<? super T, ? extends R> mapper) {
    CloseableIterable<T> self = this;
    return () -> self.iterator().map(mapper);
  }

  default CloseableIterable<T> filter(Predicate<? super T> predicate) {
    CloseableIterable<T> self = this;
    return () -> {
      CloseableIterator<T> inner = self.iterator();
      return new CloseableIterator<>() {
        private T next;
        private boolean ready = false;

        @Override
        public boolean hasNext() {
          while (!ready && inner.hasNext()) {
            T candidate = inner.next();
            if (predicate.test(candidate)) {
              next = candidate;
              ready = true;
            }
          }
          return ready;
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ready = false;
          T result = next;
          next = null;
          return result;
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    };
  }

  /** Concatenates iterables; each inner iterator is opened only when reached and closed after. */
  static <T> CloseableIterable<T> concat(Iterable<? extends CloseableIterable<? extends T>> iterables) {
    return () -> new CloseableIterator<T>() {
      private final Iterator<? extends CloseableIterable<? extends T>> outer = iterables.iterator();
      private CloseableIterator<? extends T> current = null;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (current != null) {
            current.close();
            current = null;
          }
          if (!outer.hasNext()) {
            return false;
          }
          current = outer.next().iterator();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
      }
    };
  }

  /** Reads every element into a list; only for small, bounded iterables such as a manifest list. */
  static <T> List<T> toList(CloseableIterable<T> iterable) {
    List<T> result = new ArrayList<>();
    try (CloseableIterator<T> it = iterable.iterator()) {
      it.forEachRemaining(result::add);
    }
    return Collections.unmodifiableList(result);
  }
}
