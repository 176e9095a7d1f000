package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * RCU callbacks queued by call_rcu: each runs after the queuing task's earlier events and after the
 * read-side sections running at call_rcu (a virtual grace period, LKMM has no call_rcu); rcu_barrier
 * returns after every callback queued earlier has ended.
 */
public final class Callbacks {
  /** A queued callback. */
  public static final class Pending {
    /** Clock of the call_rcu. */
    public final VectorClock queued;
    /** The sections the callback's grace period waits for. */
    public final Waiter gracePeriod;
    /** Task running it between cb_begin and cb_end, or -1. */
    public int runner = -1;

    Pending(VectorClock queued, Waiter gracePeriod) {
      this.queued = queued;
      this.gracePeriod = gracePeriod;
    }
  }

  private final KeyedTable<Pending> pending = new KeyedTable<>();
  private final VectorClock ended = new VectorClock();
  private int outstanding;
  private long oldestOutstandingEvent = -1;

  /** Queues callback {@code key}; returns false if it was already pending. */
  public boolean queue(long key, boolean isName, VectorClock clock, Waiter gracePeriod) {
    if (pending.get(key, isName) != null) {
      return false;
    }
    pending.put(key, isName, new Pending(clock, gracePeriod));
    outstanding++;
    if (oldestOutstandingEvent < 0) {
      oldestOutstandingEvent = gracePeriod.startEvent;
    }
    return true;
  }

  /** Returns the pending callback {@code key}, or null. */
  public Pending get(long key, boolean isName) {
    return pending.get(key, isName);
  }

  /** Callback {@code key} ended with clock {@code end}. */
  public void end(long key, boolean isName, VectorClock end) {
    pending.remove(key, isName);
    ended.join(end);
    outstanding--;
    if (outstanding == 0) {
      oldestOutstandingEvent = -1;
    }
  }

  /** Returns the join of every ended callback's end clock: what rcu_barrier acquires. */
  public VectorClock endedClock() {
    return ended;
  }

  /** Returns how many queued callbacks have not ended. */
  public int outstanding() {
    return outstanding;
  }
}
