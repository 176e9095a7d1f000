package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * Stores kept in numbered slots of parallel arrays: each store's event id, the clock it carries (null
 * for a plain store), its grace-period clock, its writer and the writer's epoch. {@link StoreHistory}
 * (per location) and {@link StoreLog} (all marked locations) differ only in which slot a store takes
 * and how one is found.
 */
public abstract class StoreSlots {
  final long[] ids;
  private final VectorClock[] clocks;
  private final VectorClock[] graceClocks;
  private final int[] writers;
  private final int[] epochs;

  StoreSlots(int capacity) {
    ids = new long[capacity];
    clocks = new VectorClock[capacity];
    graceClocks = new VectorClock[capacity];
    writers = new int[capacity];
    epochs = new int[capacity];
  }

  /** Puts a store in {@code slot}; {@code clock} is null for a plain store. */
  final void put(int slot, long id, VectorClock clock, int writer, int epoch,
      VectorClock graceClock) {
    ids[slot] = id;
    clocks[slot] = clock;
    writers[slot] = writer;
    epochs[slot] = epoch;
    graceClocks[slot] = graceClock;
  }

  /** Returns the clock the store in {@code slot} carries, null for a plain store. */
  public final VectorClock clock(int slot) {
    return clocks[slot];
  }

  /** Returns the grace-period clock of the store in {@code slot}, or null. */
  public final VectorClock graceClock(int slot) {
    return graceClocks[slot];
  }

  /** Returns the task that made the store in {@code slot}, -1 for a plain store. */
  public final int writer(int slot) {
    return clocks[slot] == null ? -1 : writers[slot];
  }

  /** Returns the writer's epoch at the store in {@code slot}. */
  public final int epoch(int slot) {
    return epochs[slot];
  }
}
