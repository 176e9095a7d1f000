package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * The live objects: by first byte for allocation, free and pointer tracking, and by address for the
 * object covering a byte that a finding reports.
 *
 * <pre>
 * Implementation notes
 *
 * The hot path (alloc, free, the value of every load and store) needs only the object at a first
 * byte: one hash lookup, none while nothing is live. The object covering a byte is asked only on a
 * finding's slow path; the sorted view it needs is brought up to date then, from the first bytes
 * allocated or freed since (or rebuilt when those outnumber the live objects), so that an
 * allocation or free costs one list append for it. The sorted view gives a floor lookup, which is
 * what a trace of overlapping live objects (a hostile one) needs to keep its answers.
 * </pre>
 */
public final class LiveObjects {
  private final Long2ObjectOpenHashMap<HeapObject> live = new Long2ObjectOpenHashMap<>();
  private AddressMap<HeapObject> byAddress = new AddressMap<>();
  private final LongArrayList changed = new LongArrayList();
  private boolean rebuild;

  /** Returns the live object whose first byte is {@code ptr}, or null. */
  public HeapObject at(long ptr) {
    return live.isEmpty() ? null : live.get(ptr);
  }

  /** Adds {@code object}, replacing a live object with the same first byte. */
  public void put(HeapObject object) {
    live.put(object.ptr(), object);
    changed(object.ptr());
  }

  /** Removes and returns the live object whose first byte is {@code ptr}, or null. */
  public HeapObject remove(long ptr) {
    HeapObject o = live.remove(ptr);
    if (o != null) {
      changed(ptr);
    }
    return o;
  }

  /**
   * Returns the live object with the highest first byte not above {@code addr}, if it covers
   * {@code addr}; otherwise null.
   */
  public HeapObject covering(long addr) {
    sync();
    HeapObject o = byAddress.floor(addr);
    return o != null && Long.compareUnsigned(addr - o.ptr(), o.size()) < 0 ? o : null;
  }

  private void changed(long ptr) {
    if (rebuild) {
      return;
    }
    if (changed.size() > 2 * live.size() + 1024) {
      changed.clear();
      rebuild = true;
      return;
    }
    changed.add(ptr);
  }

  private void sync() {
    if (rebuild) {
      byAddress = new AddressMap<>();
      for (Long2ObjectMap.Entry<HeapObject> entry : live.long2ObjectEntrySet()) {
        byAddress.put(entry.getLongKey(), entry.getValue());
      }
      rebuild = false;
    }
    for (int i = 0; i < changed.size(); i++) {
      long ptr = changed.getLong(i);
      HeapObject o = live.get(ptr);
      if (o != null) {
        byAddress.put(ptr, o);
      } else {
        byAddress.remove(ptr);
      }
    }
    changed.clear();
  }
}
