package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.VectorClock;

/**
 * The ordering edges between whole tasks: locks (po-unlock-rf-lock-po), fork, join, signal and wait.
 * The trackers pair the events up; these methods say what each end does to the clocks.
 */
public final class TaskEdges {
  private TaskEdges() {}

  /**
   * An unlock (exclusive or shared) is a release: returns the clock the lock carries to its next
   * holder (po-unlock-lock-po; as po-rel in cumul-fence).
   */
  public static VectorClock unlock(TaskClocks k) {
    VectorClock released = k.publishRelease();
    k.unlocked(released);
    k.tick();
    return released;
  }

  /**
   * An exclusive lock acquires what the last exclusive unlock released and what every shared unlock
   * since then released ({@code shared}, null if none); after an unlock of its task, of any lock,
   * it is a relock too (po-unlock-lock-po has po between the unlock and the lock, whatever their
   * locks: seed 2,392,372 of the oracle sweep with two locks).
   */
  public static void lock(TaskClocks k, VectorClock exclusive, VectorClock shared) {
    k.acquireLock(exclusive);
    k.acquireFull(shared);
    k.continueReleaseSequence(exclusive);
    k.lockContinues(exclusive);
    relockUnlessAcquired(k, exclusive);
    k.lockWrite();
  }

  /**
   * A lock of the task that read another task's unlock, which released {@code exclusive} (null if
   * none), relocks the task's own last unlock (po-unlock-lock-po with po) unless that release
   * holds it: then the unlock is hb-before the lock's read through the lock's holders since, and
   * the clocks the lock acquired hold everything the relock would add (TaskClocks.relock).
   */
  private static void relockUnlessAcquired(TaskClocks k, VectorClock exclusive) {
    VectorClock last = k.lastUnlock();
    if (last != null && (exclusive == null || !k.covers(exclusive, last))) {
      k.relock(last);
    }
  }

  /**
   * A lock whose last exclusive unlock was the task's own: the lock reads from it within the task
   * (rfi, not in hb), so it bounds no plain access; only marked reads before the task's last unlock
   * (this lock's, or a later one of another lock) are ordered before its later marked accesses
   * (TaskClocks.relock). What shared unlocks of other tasks released since ({@code shared}, null if
   * none) is acquired as usual.
   */
  public static void relock(TaskClocks k, VectorClock shared) {
    k.relock(k.lastUnlock());
    k.acquireFull(shared);
    k.lockWrite();
  }

  /** A shared lock whose last exclusive unlock was the task's own: as {@link #relock}. */
  public static void relockShared(TaskClocks k) {
    k.relock(k.lastUnlock());
    k.lockWrite();
  }

  /**
   * A shared lock acquires what the last exclusive unlock released; shared holders do not order
   * each other.
   */
  public static void lockShared(TaskClocks k, VectorClock exclusive) {
    k.acquireLock(exclusive);
    k.lockContinues(exclusive);
    relockUnlessAcquired(k, exclusive);
    k.lockWrite();
  }

  /** A fork orders everything the parent did before it before everything the child does. */
  public static void fork(TaskClocks parent, TaskClocks child) {
    child.acquireFull(parent.publishFull());
    parent.tick();
  }

  /**
   * A join orders everything the ended child did before everything the parent does after it:
   * returns the clock the parent acquired.
   */
  public static VectorClock join(TaskClocks parent, TaskClocks child) {
    VectorClock c = child.publishFull();
    parent.acquireFull(c);
    return c;
  }

  /** A signal: returns the clock it adds to its object's, everything the task did so far. */
  public static VectorClock signal(TaskClocks k) {
    VectorClock c = k.publishFull();
    k.tick();
    return c;
  }

  /**
   * A wait orders after it everything before the signals of its object so far ({@code signalled},
   * null if none).
   */
  public static void await(TaskClocks k, VectorClock signalled) {
    k.acquireFull(signalled);
  }
}
