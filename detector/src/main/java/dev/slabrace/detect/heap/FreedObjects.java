package dev.slabrace.detect.heap;

/**
 * The freed objects, until their first byte is allocated again: by first byte for double frees and
 * the free-to-reuse edge, by address for the freed object covering a byte that a finding reports,
 * and, for SLAB_TYPESAFE_BY_RCU caches, by the pages their bytes touch for the use-after-free check
 * of every access.
 *
 * <pre>
 * Implementation notes
 *
 * As with LiveObjects, the sorted view of the freed objects (a FirstByteIndex) is brought up to date
 * only when a finding asks for it: a free or allocation costs a list append for it. The view holds the objects whose allocation the trace showed (a free of memory
 * never seen allocated has no bytes to cover).
 * The freed objects of type-safe caches are in a PageIndex. While no two of them overlap (and none
 * is empty), the overlapping one with the lowest first byte is what the sorted map's floor, then
 * ceiling, gave; a trace that makes two overlap (live objects that overlapped) switches for good to
 * a sorted map, which keeps its answers exactly.
 * </pre>
 */
public final class FreedObjects {
  /** How many freed objects below a byte {@link #covering} looks at. */
  private static final int COVERING_SCAN = 8;

  /** The sorted view holds the freed objects whose allocation the trace showed. */
  private final FirstByteIndex<FreedObject> freed =
      new FirstByteIndex<>(f -> f.allocation() != null);
  private final PageIndex<FreedObject> typesafe = new PageIndex<>();
  /** The type-safe freed objects by first byte, once two overlapped; null before. */
  private AddressMap<FreedObject> typesafeSorted;

  /** Returns the freed object whose first byte is {@code ptr}, or null. */
  public FreedObject at(long ptr) {
    return freed.get(ptr);
  }

  /** Records {@code f}, replacing a freed object with the same first byte. */
  public void put(FreedObject f) {
    freed.put(f.ptr(), f);
  }

  /**
   * Forgets the freed object whose first byte is {@code ptr} (its memory is allocated again),
   * returning it or null. Its record as a type-safe freed object is forgotten apart.
   */
  public FreedObject remove(long ptr) {
    return freed.remove(ptr);
  }

  /**
   * Returns the first of the freed objects that the trace showed allocated, among the
   * {@value #COVERING_SCAN} with the highest first bytes not above {@code x}, that covers
   * {@code x}; otherwise null.
   */
  public FreedObject covering(long x) {
    AddressMap<FreedObject> byAddress = freed.byAddress();
    FreedObject f = byAddress.floor(x);
    for (int i = 0; f != null && i < COVERING_SCAN; i++) {
      if (Long.compareUnsigned(x - f.ptr(), f.size()) < 0) {
        return f;
      }
      f = f.ptr() == 0 ? null : byAddress.floor(f.ptr() - 1);
    }
    return null;
  }

  /** Records {@code f}, an object of a SLAB_TYPESAFE_BY_RCU cache, as freed and not yet reused. */
  public void putTypesafe(FreedObject f) {
    long last = f.ptr() + (f.size() - 1);
    if (typesafeSorted == null && (f.size() == 0 || Long.compareUnsigned(last, f.ptr()) < 0)) {
      sortTypesafe();
    }
    typesafe.put(f.ptr(), last, f);
    if (typesafeSorted == null && typesafe.everOverlapped()) {
      sortTypesafe();
    } else if (typesafeSorted != null) {
      typesafeSorted.put(f.ptr(), f);
    }
  }

  /** Whether any object of a type-safe cache is freed and not yet reused. */
  public boolean hasTypesafe() {
    return !typesafe.isEmpty();
  }

  /**
   * Returns the freed type-safe object whose bytes overlap {@code [addr, addr + size)} lowest, or
   * null: the one with the highest first byte not above {@code addr} if it covers {@code addr}, else
   * the one with the lowest first byte in the range.
   */
  public FreedObject typesafe(long addr, long size) {
    if (typesafe.isEmpty()) {
      return null;
    }
    if (typesafeSorted == null) {
      return typesafe.lowest(addr, addr + (size - 1));
    }
    FreedObject f = typesafeSorted.floor(addr);
    if (f != null && Long.compareUnsigned(addr - f.ptr(), f.size()) < 0) {
      return f;
    }
    f = typesafeSorted.ceiling(addr);
    return f != null && Long.compareUnsigned(f.ptr() - addr, size) < 0 ? f : null;
  }

  /**
   * Forgets the freed type-safe objects that {@link #typesafe} finds for an allocation of
   * {@code [addr, addr + size)}, until it finds none; returns whether there were any.
   */
  public boolean removeTypesafe(long addr, long size) {
    boolean any = false;
    FreedObject f;
    while ((f = typesafe(addr, size)) != null) {
      typesafe.remove(f.ptr());
      if (typesafeSorted != null) {
        typesafeSorted.remove(f.ptr());
      }
      any = true;
    }
    return any;
  }

  /** Switches the type-safe freed objects to a sorted map for good. */
  private void sortTypesafe() {
    typesafeSorted = new AddressMap<>();
    typesafe.forEach((first, last, f) -> typesafeSorted.put(first, f));
  }
}
