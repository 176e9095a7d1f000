package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * The last few stores to one marked location, newest last, with the clock each carries: what a load
 * that reads from it (in line order, or named by {@code rf}) receives.
 *
 * <pre>
 * Implementation notes
 *
 * A plain store carries no clock (plain reads-from is never an hb edge) and so ends a release
 * sequence; an RMW carries the clock of the store it read joined with its own, continuing it
 * (linux-kernel.cat: rmw-sequence via cumul-fence ; rfe). A store made after its task finished a
 * grace period carries that grace period's clock too, for RCU readers that observe it.
 * Only DEPTH stores are kept here; an rf naming an older one finds it in the StoreLog or the
 * StoreTable.
 * </pre>
 */
public final class StoreHistory extends StoreSlots {
  /** How many stores are remembered per location. */
  public static final int DEPTH = 8;

  private int count;
  private int newest = -1;

  /** Creates an empty history. */
  public StoreHistory() {
    super(DEPTH);
  }

  /** Records a store; {@code clock} is null for a plain store. */
  public void push(long id, VectorClock clock, int writer, int epoch, VectorClock graceClock) {
    newest = (newest + 1) % DEPTH;
    put(newest, id, clock, writer, epoch, graceClock);
    count = Math.min(count + 1, DEPTH);
  }

  /** Returns the slot of the newest store, or -1 if none is remembered. */
  public int newest() {
    return count == 0 ? -1 : newest;
  }

  /** Returns the slot of the store with event id {@code id}, or -1 if it is not remembered. */
  public int find(long id) {
    for (int i = 0; i < count; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
