package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.sync.KeyedTable;
import dev.slabrace.detect.sync.LockState;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Locks, signal/wait objects, fork and join: the synchronisation that orders whole tasks rather than
 * single locations. Unlock releases and lock acquires (LKMM: po-unlock-rf-lock-po); shared holders of
 * an rwlock do not order each other; fork, join, signal and wait are full happens-before edges.
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

  void onLock(EventCursor e, TaskState t) {
    LockState lock = locks.getOrCreate(e.key, e.keyIsName, LockState::new);
    if (e.shared) {
      if (lock.owner >= 0) {
        warn(WarningCode.SHARED_LOCK_WHILE_HELD_EXCLUSIVELY, keyName(e),
            source.tasks().name(lock.owner));
      }
      t.clocks.acquireFull(lock.exclusive);
      lock.readers++;
    } else {
      if (lock.owner >= 0 || lock.readers > 0) {
        warn(WarningCode.LOCK_WHILE_HELD, keyName(e));
      }
      t.clocks.acquireFull(lock.exclusive);
      t.clocks.acquireFull(lock.shared);
      lock.shared = null;
      lock.owner = t.index;
    }
  }

  void onUnlock(EventCursor e, TaskState t) {
    LockState lock = locks.getOrCreate(e.key, e.keyIsName, LockState::new);
    VectorClock released = t.clocks.publishRelease();
    t.clocks.tick();
    if (e.shared) {
      if (lock.readers == 0) {
        warn(WarningCode.SHARED_UNLOCK_NOT_HELD, keyName(e));
      } else {
        lock.readers--;
      }
      if (lock.shared == null) {
        lock.shared = released;
      } else {
        lock.shared.join(released);
      }
    } else {
      if (lock.owner != t.index) {
        warn(WarningCode.UNLOCK_NOT_HELD, keyName(e), source.tasks().name(t.index));
      }
      lock.owner = -1;
      lock.exclusive = released;
    }
  }

  void onFork(EventCursor e, TaskState t) {
    boolean known = started.test(e.child);
    TaskState child = taskAt.apply(e.child);
    if (known) {
      warn(WarningCode.FORK_OF_RUNNING_TASK, source.tasks().name(e.child));
    }
    child.clocks.acquireFull(t.clocks.publishFull());
    t.clocks.tick();
  }

  void onJoin(EventCursor e, TaskState t) {
    if (!started.test(e.child)) {
      warn(WarningCode.JOIN_OF_UNSEEN_TASK, source.tasks().name(e.child));
      return;
    }
    TaskState child = taskAt.apply(e.child);
    t.clocks.acquireFull(child.clocks.publishFull());
    child.joined = true;
  }

  void onSignal(EventCursor e, TaskState t) {
    VectorClock clock = signals.getOrCreate(e.key, e.keyIsName, VectorClock::new);
    clock.join(t.clocks.publishFull());
    t.clocks.tick();
  }

  void onWait(EventCursor e, TaskState t) {
    t.clocks.acquireFull(signals.get(e.key, e.keyIsName));
  }


}
