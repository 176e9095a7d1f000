package dev.slabrace.detect.sync;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.function.Supplier;

/**
 * Per-key state for locks, signal objects and callbacks, whose keys are either numbers (addresses) or
 * interned names; the two never collide.
 */
public final class KeyedTable<V> {
  private final Long2ObjectOpenHashMap<V> byNumber = new Long2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<V> byName = new Long2ObjectOpenHashMap<>();

  /** Returns the value for the key, or null. */
  public V get(long key, boolean isName) {
    return (isName ? byName : byNumber).get(key);
  }

  /** Returns the value for the key, creating it with {@code factory} if absent. */
  public V getOrCreate(long key, boolean isName, Supplier<V> factory) {
    Long2ObjectOpenHashMap<V> map = isName ? byName : byNumber;
    V v = map.get(key);
    if (v == null) {
      v = factory.get();
      map.put(key, v);
    }
    return v;
  }

  /** Sets the value for the key. */
  public void put(long key, boolean isName, V value) {
    (isName ? byName : byNumber).put(key, value);
  }

  /** Removes the key and returns its value, or null. */
  public V remove(long key, boolean isName) {
    return (isName ? byName : byNumber).remove(key);
  }
}
