package io.datashard.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** An iterator over a resource (a file, a stream) that must be closed. */
public interface CloseableIterator<T> extends Iterator<T>, Closeable {

  /** Closes without a checked exception. */
  @Override
  void close();

  static <T> CloseableIterator<T> empty() {
    return withClose(java.util.Collections.emptyIterator(), () -> { });
  }

  /** Wraps a plain iterator; {@code onClose} runs once when the iterator is closed. */
  static <T> CloseableIterator<T> withClose(Iterator<T> iterator, Closeable onClose) {
    return new CloseableIterator<>() {
      private boolean closed = false;

      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public T next() {
        if (!iterator.hasNext()) {
          throw new NoSuchElementException();
        }
        return iterator.next();
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          try {
            onClose.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
  }

  default <R> CloseableIterator<R> map(Function<? super T, ? extends R> mapper) {
    CloseableIterator<T> self = this;
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return self.hasNext();
      }

      @Override
      public R next() {
        return mapper.apply(self.next());
      }

      @Override
      public void close() {
        self.close();
      }
    };
  }
}
