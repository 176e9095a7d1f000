package dev.slabrace.detect.heap;

import java.util.Map;
import java.util.TreeMap;

/**
 * A sorted map from addresses to values, ordered as unsigned 64-bit numbers, with floor and ceiling
 * lookups that cost one descent of the tree.
 *
 * @param <V> the values
 */
public final class AddressMap<V> {
  private final TreeMap<Long, V> map = new TreeMap<>();

  /** The key that orders {@code addr} as unsigned under the signed order of Long. */
  private static long key(long addr) {
    return addr ^ Long.MIN_VALUE;
  }

  /** Maps {@code addr} to {@code value}. */
  public void put(long addr, V value) {
    map.put(key(addr), value);
  }

  /** Removes the value at {@code addr}, returning it or null. */
  public V remove(long addr) {
    return map.remove(key(addr));
  }

  /** Whether the map is empty. */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  /** Returns the value at the highest address not above {@code addr}, or null. */
  public V floor(long addr) {
    Map.Entry<Long, V> e = map.floorEntry(key(addr));
    return e == null ? null : e.getValue();
  }

  /** Returns the value at the lowest address not below {@code addr}, or null. */
  public V ceiling(long addr) {
    Map.Entry<Long, V> e = map.ceilingEntry(key(addr));
    return e == null ? null : e.getValue();
  }
}
