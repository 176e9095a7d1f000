package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.lkmm.TaskEdges;
import dev.slabrace.detect.sync.KeyedTable;
import dev.slabrace.detect.sync.LockState;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Locks, signal/wait objects, fork and join: the synchronisation that orders whole tasks rather than
 * single locations. This class pairs the events up (which unlocks a lock follows, which signals a
 * wait follows); what each end orders is {@link dev.slabrace.detect.lkmm.TaskEdges}'.
 */
final class SyncTracker {
  private final EventSource source;
  private final Engine.Warner warner;
  private final IntFunction<TaskState> taskAt;
  /** Whether any event of a task was seen (fork of a running task is inconsistent). */
  private final IntPredicate started;
  private final KeyedTable<LockState> locks = new KeyedTable<>();
  private final KeyedTable<VectorClock> signals = new KeyedTable<>();

  SyncTracker(EventSource source, Engine.Warner warner, IntFunction<TaskState> taskAt,
      IntPredicate started) {
    this.started = started;
    this.source = source;
    this.warner = warner;
    this.taskAt = taskAt;
  }

  private void warn(WarningCode code, Object... args) {
    warner.warn(code, args);
  }

  private String keyName(EventCursor e) {
    return Engine.keyName(source, e);
  }

  /** Takes lock {@code e.key} for {@code t}; returns its state. */
  LockState onLock(EventCursor e, TaskState t) {
    LockState lock = locks.getOrCreate(e.key, e.keyIsName, LockState::new);
    // a lock's read is a marked read (lock.cat's LKR, an acquire): after an smp_rmb() it carries
    // what the fence's earlier reads did to everything after it (acq-po)
    t.clocks.lockRead();
    if (e.shared) {
      if (lock.owner >= 0) {
        warn(WarningCode.SHARED_LOCK_WHILE_HELD_EXCLUSIVELY, keyName(e),
            source.tasks().name(lock.owner));
      }
      if (lock.releasedBy == t.index) {
        TaskEdges.relockShared(t.clocks);
      } else {
        TaskEdges.lockShared(t.clocks, lock.exclusive);
        t.ownReadsReturned(lock.exclusive);
      }
      t.clocks.receiveLockCumul(lock.exclusiveCumul);
      lock.readers++;
    } else {
      if (lock.owner >= 0 || lock.readers > 0) {
        warn(WarningCode.LOCK_WHILE_HELD, keyName(e));
      }
      if (lock.releasedBy == t.index) {
        TaskEdges.relock(t.clocks, lock.shared);
      } else {
        TaskEdges.lock(t.clocks, lock.exclusive, lock.shared);
        t.ownReadsReturned(lock.exclusive);
      }
      t.ownReadsReturned(lock.shared);
      t.clocks.receiveLockCumul(lock.exclusiveCumul);
      t.clocks.receiveLockCumul(lock.sharedCumul);
      lock.shared = null;
      lock.sharedCumul = null;
      lock.owner = t.index;
    }
    // po ; [UL] ; po ; [LKR] ; po whatever the locks: the task's own last unlock hands on to this
    // lock what it hands on to its lock's next holder, while it is still that lock's last unlock
    LockState last = t.lastUnlocked;
    if (last != null && last != lock && last.releasedBy == t.index) {
      t.clocks.receiveLockCumul(last.exclusiveCumul);
    }
    return lock;
  }

  /** Releases lock {@code e.key} of {@code t}; returns its state. */
  LockState onUnlock(EventCursor e, TaskState t) {
    LockState lock = locks.getOrCreate(e.key, e.keyIsName, LockState::new);
    // an exclusive unlock replaces the lock's hand-on clock, whose receivers have joined it in
    VectorClock cumul = t.clocks.cumulForUnlock(e.shared ? null : lock.exclusiveCumul);
    VectorClock released = TaskEdges.unlock(t.clocks);
    t.clocks.markedWrite(released, true);
    if (e.shared) {
      if (lock.sharedCumul == null) {
        lock.sharedCumul = cumul;
      } else if (cumul != null) {
        lock.sharedCumul.join(cumul);
      }
      if (lock.readers == 0) {
        warn(WarningCode.SHARED_UNLOCK_NOT_HELD, keyName(e));
      } else {
        lock.readers--;
      }
      if (lock.shared == null) {
        lock.shared = released.copy(); // joined into later: released stays the task's (lastRelease)
      } else {
        lock.shared.join(released);
      }
    } else {
      if (lock.owner != t.index) {
        warn(WarningCode.UNLOCK_NOT_HELD, keyName(e), source.tasks().name(t.index));
      }
      lock.owner = -1;
      lock.exclusive = released;
      lock.exclusiveCumul = cumul;
      lock.releasedBy = t.index;
      t.lastUnlocked = lock;
    }
    return lock;
  }

  void onFork(EventCursor e, TaskState t) {
    boolean known = started.test(e.child);
    TaskState child = taskAt.apply(e.child);
    if (known) {
      warn(WarningCode.FORK_OF_RUNNING_TASK, source.tasks().name(e.child));
    }
    TaskEdges.fork(t.clocks, child.clocks);
  }

  void onJoin(EventCursor e, TaskState t) {
    if (!started.test(e.child)) {
      warn(WarningCode.JOIN_OF_UNSEEN_TASK, source.tasks().name(e.child));
      return;
    }
    TaskState child = taskAt.apply(e.child);
    t.ownReadsReturned(TaskEdges.join(t.clocks, child.clocks));
    child.joined = true;
  }

  void onSignal(EventCursor e, TaskState t) {
    VectorClock clock = signals.getOrCreate(e.key, e.keyIsName, VectorClock::new);
    clock.join(TaskEdges.signal(t.clocks));
  }

  void onWait(EventCursor e, TaskState t) {
    VectorClock signalled = signals.get(e.key, e.keyIsName);
    TaskEdges.await(t.clocks, signalled);
    t.ownReadsReturned(signalled);
  }


}
