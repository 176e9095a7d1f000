package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;

/**
 * A lock's release clocks: what the last exclusive holder released, and what shared holders released
 * since. An exclusive lock acquires both; a shared lock acquires only the exclusive one, so readers of
 * an rwlock do not order each other (LKMM: spin_unlock is a release, spin_lock an acquire).
 */
public final class LockState {
  /** Clock of the last exclusive unlock, or null. */
  public VectorClock exclusive;
  /** Join of the shared unlocks since the last exclusive lock, or null. */
  public VectorClock shared;
  /**
   * What the last exclusive unlock, and the shared unlocks since the last exclusive lock, hand on
   * to the next holder's marked stores (TaskClocks.cumulForUnlock), or null.
   */
  public VectorClock exclusiveCumul;
  public VectorClock sharedCumul;
  /** Task of the last exclusive unlock, or -1. */
  public int releasedBy = -1;
  /** Task holding the lock exclusively, or -1. */
  public int owner = -1;
  /** How many shared holders there are. */
  public int readers;
  /**
   * The grace period start the last exclusive unlock carried, as a release store would carry it
   * (RcuTracker.onUnlock), or null.
   */
  public VectorClock grace;
  /**
   * The newest grace period start the shared unlocks since the last exclusive lock carried, or
   * null; the next exclusive holder reads it as it reads {@link #grace} (RcuTracker.onLock).
   */
  public VectorClock sharedGrace;
  /** The task of every shared unlock that carried sharedGrace's, or -1 if several. */
  public int sharedGraceBy = -1;
}
