package dev.slabrace.detect.heap;

/**
 * The live objects: by first byte for allocation, free and pointer tracking, and by address for the
 * object covering a byte that a finding reports.
 *
 * <pre>
 * Implementation notes
 *
 * The hot path (alloc, free, the value of every load and store) needs only the object at a first
 * byte; the object covering a byte is asked only on a finding's slow path, from the sorted view of
 * a FirstByteIndex, brought up to date then. The sorted view gives a floor lookup, which is what a
 * trace of overlapping live objects (a hostile one) needs to keep its answers.
 * </pre>
 */
public final class LiveObjects {
  private final FirstByteIndex<HeapObject> live = new FirstByteIndex<>(o -> true);

  /** Returns the live object whose first byte is {@code ptr}, or null. */
  public HeapObject at(long ptr) {
    return live.get(ptr);
  }

  /** Adds {@code object}, replacing a live object with the same first byte. */
  public void put(HeapObject object) {
    live.put(object.ptr(), object);
  }

  /** Removes and returns the live object whose first byte is {@code ptr}, or null. */
  public HeapObject remove(long ptr) {
    return live.remove(ptr);
  }

  /**
   * Returns the live object with the highest first byte not above {@code addr}, if it covers
   * {@code addr}; otherwise null.
   */
  public HeapObject covering(long addr) {
    HeapObject o = live.byAddress().floor(addr);
    return o != null && Long.compareUnsigned(addr - o.ptr(), o.size()) < 0 ? o : null;
  }
}
