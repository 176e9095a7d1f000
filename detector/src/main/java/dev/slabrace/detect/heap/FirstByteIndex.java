package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.function.Predicate;

/**
 * Heap objects by first byte, with a sorted view by address that is brought up to date only when it
 * is asked for: what {@link LiveObjects} and {@link FreedObjects} both keep.
 *
 * <pre>
 * Implementation notes
 *
 * The hot path (alloc, free, the value of every load and store) needs only the object at a first
 * byte: one hash lookup, none while the index is empty. The sorted view is asked only on a finding's
 * slow path; it is brought up to date then, from the first bytes put or removed since, or rebuilt
 * when those outnumber the objects, so that a put or remove costs one list append for it.
 * </pre>
 *
 * @param <V> the objects
 */
final class FirstByteIndex<V> {
  private final Long2ObjectOpenHashMap<V> byFirstByte = new Long2ObjectOpenHashMap<>();
  /** Which objects the sorted view holds. */
  private final Predicate<V> sorted;
  private AddressMap<V> byAddress = new AddressMap<>();
  private final LongArrayList changed = new LongArrayList();
  private boolean rebuild;

  /** Creates an empty index whose sorted view holds the objects that {@code sorted} accepts. */
  FirstByteIndex(Predicate<V> sorted) {
    this.sorted = sorted;
  }

  /** Returns the object whose first byte is {@code ptr}, or null. */
  V get(long ptr) {
    return byFirstByte.isEmpty() ? null : byFirstByte.get(ptr);
  }

  /** Adds {@code object} at first byte {@code ptr}, replacing the object there. */
  void put(long ptr, V object) {
    byFirstByte.put(ptr, object);
    changed(ptr);
  }

  /** Removes and returns the object whose first byte is {@code ptr}, or null. */
  V remove(long ptr) {
    V o = byFirstByte.remove(ptr);
    if (o != null) {
      changed(ptr);
    }
    return o;
  }

  /** Returns the sorted view, up to date: the accepted objects by first byte. */
  AddressMap<V> byAddress() {
    if (rebuild) {
      byAddress = new AddressMap<>();
      for (Long2ObjectMap.Entry<V> entry : byFirstByte.long2ObjectEntrySet()) {
        if (sorted.test(entry.getValue())) {
          byAddress.put(entry.getLongKey(), entry.getValue());
        }
      }
      rebuild = false;
    }
    for (int i = 0; i < changed.size(); i++) {
      long ptr = changed.getLong(i);
      V o = byFirstByte.get(ptr);
      if (o != null && sorted.test(o)) {
        byAddress.put(ptr, o);
      } else {
        byAddress.remove(ptr);
      }
    }
    changed.clear();
    return byAddress;
  }

  private void changed(long ptr) {
    if (rebuild) {
      return;
    }
    if (changed.size() > 2 * byFirstByte.size() + 1024) {
      changed.clear();
      rebuild = true;
      return;
    }
    changed.add(ptr);
  }
}
