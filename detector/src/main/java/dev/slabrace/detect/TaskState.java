package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.sync.TaskClocks;
import dev.slabrace.detect.sync.Waiter;
import java.util.ArrayList;
import java.util.List;

/** Everything the engine tracks for one task: its clocks, its RCU state and its recent marked loads. */
final class TaskState {
  /**
   * How many recent marked loads are remembered for {@code dep}, {@code data} and {@code ctrl}
   * references; a reference to an older one, or to a plain load, orders nothing.
   */
  static final int RECENT_LOADS = 64;

  final int index;
  final TaskClocks clocks;
  /** Whether any event of the task was seen (fork of a running task is inconsistent). */
  boolean started;
  /** Whether a join has waited for the task. */
  boolean joined;

  int rcuDepth;
  int rcuSerial;
  /** Event id of the rcu_read_lock that opened the current outermost section. */
  long rcuSectionStart;
  /** Pre-grace-period clocks of writes this section observed (LKMM rb), or null. */
  VectorClock graceObserved;
  /** Races of this section's accesses, decided at rcu_read_unlock. */
  final List<Engine.DeferredRace> deferred = new ArrayList<>();

  /** The grace period being waited for between gp_begin and gp_end, or null. */
  Waiter gracePeriod;
  /** The clock at that gp_begin. */
  VectorClock gracePeriodStart;
  /** The clock at the start of the last grace period the task completed: its later stores carry it. */
  VectorClock lastGraceStart;

  private final long[] loadIds = new long[RECENT_LOADS];
  private final Ordering.Dependency[] loads = new Ordering.Dependency[RECENT_LOADS];
  private int loadCount;
  private int loadNext;

  TaskState(int index) {
    this.index = index;
    this.clocks = new TaskClocks(index);
  }

  /** Remembers that marked load {@code id} received {@code dependency}. */
  void rememberLoad(long id, Ordering.Dependency dependency) {
    loadIds[loadNext] = id;
    loads[loadNext] = dependency;
    loadNext = (loadNext + 1) % RECENT_LOADS;
    loadCount = Math.min(loadCount + 1, RECENT_LOADS);
  }

  /** Returns what marked load {@code id} of this task received, or null if it is not remembered. */
  Ordering.Dependency load(long id) {
    for (int i = 0; i < loadCount; i++) {
      if (loadIds[i] == id) {
        return loads[i];
      }
    }
    return null;
  }
}
