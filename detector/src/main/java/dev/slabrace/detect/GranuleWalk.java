package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;

/**
 * The walks of an object's granules that allocation and free make: every granule, a run of whole
 * granules at once, or only the granules that have shadow state.
 *
 * <p>They are not split by {@link Shard}: every engine of a sharded analysis keeps the freed state
 * (freed marks and FREED cells) of every granule, so that each allocation acquires the clocks of
 * the same frees in every engine, as a single engine's does; only access cells stay with the
 * granules' owners, so a free asserts and an allocation resets the cells of its owned granules.
 */
final class GranuleWalk {
  private final ShadowMemory shadow;

  GranuleWalk(ShadowMemory shadow) {
    this.shadow = shadow;
  }

  /** Returns how many granules {@code [addr, addr + size)} touches. */
  static long granules(long addr, long size) {
    return ((addr & 7) + size + 7) >>> 3;
  }

  /**
   * Visits the granules of {@code [addr, addr + size)} that have cells or a freed mark, like
   * {@link #each} but at a cost that follows the shadow state there, not the range's size.
   */
  void withState(long addr, long size, GranuleVisitor visitor) {
    long count = granules(addr, size);
    long first = addr >>> 3;
    int startOffset = (int) (addr & 7);
    for (long g : shadow.granulesWithCells(first, count)) {
      long i = g - first;
      visitor.visit(g, i == 0 ? startOffset : 0, (int) Math.min(8, startOffset + size - i * 8));
    }
  }

  /**
   * Visits the granules of {@code [addr, addr + size)} as {@link #each} does, except that the run
   * of whole granules between a partial first and last one goes to {@code whole} in one call;
   * returns false, having visited nothing, when the range wraps past the top of the address space.
   */
  boolean runs(long addr, long size, GranuleVisitor visitor, RunVisitor whole) {
    long endByte = addr + size;
    if (Long.compareUnsigned(endByte, addr) < 0) {
      return false;
    }
    long first = addr >>> 3;
    int startOffset = (int) (addr & 7);
    long wholeFirst = first;
    if (startOffset != 0) {
      visitor.visit(first, startOffset, (int) Math.min(8, startOffset + size));
      wholeFirst = first + 1;
    }
    long tail = endByte >>> 3; // the granule holding the end, partial unless the end is aligned
    if (endByte != 0 && tail > wholeFirst) {
      whole.visit(wholeFirst, tail - wholeFirst);
    }
    if ((endByte & 7) != 0 && tail != first) {
      visitor.visit(tail, 0, (int) (endByte & 7));
    } else if ((endByte & 7) != 0 && startOffset == 0) {
      visitor.visit(first, 0, (int) size);
    }
    return true;
  }

  /** Visits the granules of {@code [addr, addr + size)}, with the bytes in each. */
  void each(long addr, long size, GranuleVisitor visitor) {
    long first = addr >>> 3;
    int startOffset = (int) (addr & 7);
    long granules = (startOffset + size + 7) >>> 3;
    for (long i = 0; i < granules; i++) {
      int off = i == 0 ? startOffset : 0;
      int end = (int) Math.min(8, startOffset + size - i * 8);
      visitor.visit(first + i, off, end);
    }
  }

  /** Takes a run of whole granules. */
  @FunctionalInterface
  interface RunVisitor {
    void visit(long firstGranule, long count);
  }

  /** Takes a granule and the bytes {@code [offset, end)} of it that a range covers. */
  @FunctionalInterface
  interface GranuleVisitor {
    void visit(long granule, int offset, int end);
  }
}
