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

  /** Returns how many loads are remembered, in slots 0 to that count - 1. */
  int loadSlots();

  /** Returns what the load remembered in {@code slot} received. */
  Dependency loadAt(int slot);

  /** Whether the load remembered in {@code slot} read a byte of {@code [addr, addr + size)}. */
  boolean loadOverlaps(int slot, long addr, long size);

  /**
   * Whether some remembered load may have read a byte of {@code [addr, addr + size)}: false only if
   * none did (a quick test before loadOverlaps on every slot).
   */
  boolean mayOverlap(long addr, long size);
}
