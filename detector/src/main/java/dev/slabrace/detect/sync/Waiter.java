package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * Something that must happen after the end of the RCU read-side sections that were running when it
 * began: a grace period being waited for, or an RCU callback's implicit grace period. Section ends are
 * joined into {@link #clock} as they happen.
 */
public final class Waiter {
  /** Join of the end clocks of the sections waited for that have ended. */
  public final VectorClock clock = new VectorClock();
  /** How many of the sections waited for are still running. */
  public int running;
  /** The event that started the wait (gp_begin or call_rcu), for warnings. */
  public final long startEvent;

  /** Creates a waiter started by event {@code startEvent}. */
  public Waiter(long startEvent) {
    this.startEvent = startEvent;
  }
}
