package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * The last {@link #CAPACITY} stores to marked locations, by event id, whatever their address: what an
 * {@code rf} naming a store that its location's {@link StoreHistory} no longer holds (or a store to
 * overlapping bytes at another start address) receives.
 *
 * <pre>
 * Implementation notes
 *
 * A ring in id order (ids strictly increase), searched by bisection: a store costs a few array
 * writes, no hashing. Clocks are shared with the StoreHistory entries, and a task's relaxed stores
 * share one clock until its state changes, so the ring holds few distinct clocks. A marked store
 * older than the ring goes to the {@link StoreTable} (a plain one carries nothing an rf needs).
 * </pre>
 */
public final class StoreLog extends StoreSlots {
  /** How many stores are kept. */
  public static final int CAPACITY = 1 << 14;

  private long count;

  /** Creates an empty log. */
  public StoreLog() {
    super(CAPACITY);
  }

  /**
   * Records a store ({@code clock} is null for a plain store); the marked store it drops for age, if
   * any, goes to {@code older}.
   */
  public void push(long id, VectorClock clock, int writer, int epoch, VectorClock graceClock,
      StoreTable older) {
    int slot = (int) (count & (CAPACITY - 1));
    if (count >= CAPACITY && clock(slot) != null) {
      older.add(ids[slot], clock(slot), writer(slot), epoch(slot), graceClock(slot));
    }
    put(slot, id, clock, writer, epoch, graceClock);
    count++;
  }

  /** Returns the slot of the store with event id {@code id}, or -1 if it is not kept. */
  public int find(long id) {
    long lo = Math.max(0, count - CAPACITY);
    long hi = count - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      long v = ids[(int) (mid & (CAPACITY - 1))];
      if (v < id) {
        lo = mid + 1;
      } else if (v > id) {
        hi = mid - 1;
      } else {
        return (int) (mid & (CAPACITY - 1));
      }
    }
    return -1;
  }
}
