package dev.slabrace.detect.lkmm;

/**
 * A task's recent marked loads, by event id, as the accesses that depend on them ({@code dep},
 * {@code data}, {@code ctrl}) look them up.
 */
public interface RecentLoads {
  /** Returns what marked load {@code id} of the task received, or null if it is not remembered. */
  Dependency load(long id);

  /** Returns the epoch marked load {@code id} of the task was stamped with, or 0 if not remembered. */
  int loadEpoch(long id);

  /** Returns what the load remembered in {@code slot} received. */
  Dependency loadAt(int slot);

  /** Whether the load remembered in {@code slot} read a byte of {@code [addr, addr + size)}. */
  boolean loadOverlaps(int slot, long addr, long size);

  /**
   * Returns the slots (bit i: slot i) whose loads may have read a byte of {@code [addr, addr +
   * size)}: every slot whose load did, and maybe others, for loadOverlaps to test.
   */
  long candidateSlots(long addr, long size);

  /**
   * Returns the slots (bit i: slot i) whose loads read a byte of {@code [addr, addr + size)}: the
   * task's remembered marked reads of those bytes (overwrite & int, Dependencies).
   */
  default long overlappingSlots(long addr, long size) {
    long overlapping = 0;
    for (long slots = candidateSlots(addr, size); slots != 0; slots &= slots - 1) {
      int slot = Long.numberOfTrailingZeros(slots);
      if (loadOverlaps(slot, addr, size)) {
        overlapping |= 1L << slot;
      }
    }
    return overlapping;
  }
}
