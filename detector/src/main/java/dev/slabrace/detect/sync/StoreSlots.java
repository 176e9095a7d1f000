package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;
import java.util.Arrays;

/**
 * Stores kept in numbered slots of parallel arrays: each store's event id, the clock it carries (null
 * for a plain store), its grace-period clock, its writer and the writer's epoch. {@link StoreHistory}
 * (per location) and {@link StoreLog} (all marked locations) differ only in which slot a store takes
 * and how one is found.
 */
public abstract class StoreSlots {
  long[] ids;
  private VectorClock[] clocks;
  private VectorClock[] graceClocks;
  private int[] writers;
  private int[] epochs;

  StoreSlots(int capacity) {
    ids = new long[capacity];
    clocks = new VectorClock[capacity];
    graceClocks = new VectorClock[capacity];
    writers = new int[capacity];
    epochs = new int[capacity];
  }

  /** Returns how many slots there are. */
  final int capacity() {
    return ids.length;
  }

  /**
   * Gives the slots {@code capacity} places: slot i keeps its store for i below both sizes, and
   * a store in a slot that is no longer there is dropped.
   */
  final void resize(int capacity) {
    ids = Arrays.copyOf(ids, capacity);
    clocks = Arrays.copyOf(clocks, capacity);
    graceClocks = Arrays.copyOf(graceClocks, capacity);
    writers = Arrays.copyOf(writers, capacity);
    epochs = Arrays.copyOf(epochs, capacity);
  }

  /** Copies the store in slot {@code from} to slot {@code to}. */
  final void move(int from, int to) {
    put(to, ids[from], clocks[from], writers[from], epochs[from], graceClocks[from]);
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
