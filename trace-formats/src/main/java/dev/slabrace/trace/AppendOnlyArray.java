package dev.slabrace.trace;

import java.util.Arrays;

/**
 * A growable array that one thread appends to while others read entries that were published to them
 * earlier (for example, in a batch of events handed over through a queue): each append ends with a
 * volatile write of the backing array, each read starts with a volatile read of it.
 */
final class AppendOnlyArray<T> {
  private static final int INITIAL = 16;

  private volatile Object[] items = new Object[INITIAL];
  private int size;

  /** Appends {@code item} (appending thread only) and returns its index. */
  int add(T item) {
    Object[] a = items;
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    a[size] = item;
    items = a;
    return size++;
  }

  /** Returns the entry at {@code index}. */
  @SuppressWarnings("unchecked")
  T get(int index) {
    if (index < 0) {
      throw new IndexOutOfBoundsException(index);
    }
    return (T) items[index];
  }

  /** Returns how many entries were appended (appending thread only). */
  int size() {
    return size;
  }
}
