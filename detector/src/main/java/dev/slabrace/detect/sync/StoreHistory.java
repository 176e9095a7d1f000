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
 *
 * Memory. A history starts with room for one store and takes DEPTH at its second. When the object
 * holding the location is freed, the history is trimmed back to its newest store (trim): a load
 * without rf still reads that one (a free is not a store), and an rf naming an older one finds it
 * in the log or the table as it would once DEPTH newer stores had come. If the newest is a plain
 * store, the history goes: a load without rf receives nothing from a plain store or from no
 * history, a plain store starts none, and a marked store starts a new one. So a trace that keeps
 * touching new addresses holds at most one store, and one clock, per freed location.
 * </pre>
 */
public final class StoreHistory extends StoreSlots {
  /** How many stores are remembered per location. */
  public static final int DEPTH = 8;

  private int count;
  private int newest = -1;

  /** Creates an empty history, with room for one store. */
  public StoreHistory() {
    super(1);
  }

  /** Records a store; {@code clock} is null for a plain store. */
  public void push(long id, VectorClock clock, int writer, int epoch, VectorClock graceClock) {
    if (count == 1 && capacity() == 1) {
      resize(DEPTH); // the one store stays in slot 0, the newest so far
    }
    newest = (newest + 1) % capacity();
    put(newest, id, clock, writer, epoch, graceClock);
    count = Math.min(count + 1, capacity());
  }

  /**
   * Keeps only the newest store, in room for one: its location's object was freed. Returns false
   * if that store is a plain one, which carries nothing: the history may then go altogether.
   */
  public boolean trim() {
    if (count == 0) {
      return false;
    }
    if (capacity() > 1) {
      move(newest, 0);
      resize(1);
      newest = 0;
      count = 1;
    }
    return clock(0) != null;
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
